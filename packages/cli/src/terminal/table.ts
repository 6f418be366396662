/** Tables for lists (cli-table3): borders and colour on a terminal, plain aligned columns elsewhere. */
import { isStyled } from './styled.js';

export async function renderTable(head: string[], rows: string[][]): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const styled = isStyled(process.stdout);
  const table = new Table({
    head,
    wordWrap: true,
    style: { head: styled ? ['cyan'] : [], border: styled ? ['grey'] : [], compact: !styled },
    ...(styled
      ? {}
      : {
          chars: {
            top: '',
            'top-mid': '',
            'top-left': '',
            'top-right': '',
            bottom: '',
            'bottom-mid': '',
            'bottom-left': '',
            'bottom-right': '',
            left: '',
            'left-mid': '',
            mid: '',
            'mid-mid': '',
            right: '',
            'right-mid': '',
            middle: '  ',
          },
        }),
  });
  table.push(...rows);
  return `${table.toString()}\n`;
}
