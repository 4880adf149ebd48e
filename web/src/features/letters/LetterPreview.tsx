import { Skeleton } from 'antd';
import type { LetterDocument } from '../../../../src/shared/contracts/letters.contract.js';
import { lettersApi } from '../../api/letters.js';
import { useApi } from '../../components/useApi.js';
import { chineseDate } from './api.js';
import './letters.css';

/**
 * The letter as laid out by the server (GET /api/letters/:id/document), drawn as A4
 * sheets in 信函格式: red issuer name and red double rule, the number right-aligned
 * under it, the title, addressee and indented body, the 附件 note, signatory and
 * date at the right, the contact note, the foot rule; then the 问题清单 on a sheet
 * of its own. `stamp` changes whenever the letter does, so the preview refetches.
 */
export function LetterPreview({ id, stamp }: { id: number; stamp: string | number }) {
  const { data: doc } = useApi(() => lettersApi.document(id), [id, stamp]);
  if (!doc) return <Skeleton active paragraph={{ rows: 10 }} />;
  return <LetterSheets doc={doc} />;
}

/**
 * The letter is a Chinese official document in either UI language, so its fixed words
 * (附件, the 问题清单 columns and their widths in mm from src/domain/letters/layout.ts)
 * are not translated.
 */
const ANNEX_COLUMNS: [string, number][] = [
  ['序号', 11],
  ['案卷编号', 27],
  ['问题描述', 35],
  ['地址', 28],
  ['责任单位', 21],
  ['整改期限', 23],
  ['超期天数', 11],
];

export function LetterSheets({ doc }: { doc: LetterDocument }) {
  return (
    <div className="letter-sheets" data-testid="letter-preview" lang="zh-CN">
      <div className="letter-sheet">
        <div className="letter-issuer">{doc.issuerName}</div>
        <div className="letter-rule" />
        <div className="letter-number" data-testid="preview-number">
          {doc.number}
        </div>
        <div className="letter-title" data-testid="preview-title">
          {doc.title}
        </div>
        <div className="letter-body">
          <p className="addressee">{doc.addressee}</p>
          {doc.bodyParagraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
        {doc.cases.length > 0 && <div className="letter-annex-note">附件：问题清单</div>}
        <div className="letter-sign">
          <div>
            <div>{doc.signatory}</div>
            <div data-testid="preview-date">{chineseDate(doc.issueDay)}</div>
          </div>
        </div>
        {doc.contact && <div className="letter-contact">（{doc.contact}）</div>}
        <div className="letter-rule foot" />
      </div>
      {doc.cases.length > 0 && (
        <div className="letter-sheet letter-annex" data-testid="preview-annex">
          <div className="letter-annex-head">附件</div>
          <div className="letter-title">问题清单</div>
          <table>
            <colgroup>
              {ANNEX_COLUMNS.map(([h, mm]) => (
                <col key={h} style={{ width: `${(mm / 156) * 100}%` }} />
              ))}
            </colgroup>
            <thead>
              <tr>
                {ANNEX_COLUMNS.map(([h]) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {doc.cases.map((c, i) => (
                <tr key={c.number} data-testid="preview-case" data-number={c.number}>
                  <td className="num">{i + 1}</td>
                  <td className="num">{c.number}</td>
                  <td>{c.description}</td>
                  <td>{c.address}</td>
                  <td>{c.unitName}</td>
                  <td className="num">{c.deadline}</td>
                  <td className="num">{c.overdueDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
