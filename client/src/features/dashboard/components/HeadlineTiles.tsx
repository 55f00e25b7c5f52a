// The five headline figures of the year: weighted local share against the 25 % benchmark, direct share,
// median organisation, signatories at or above 25 %, and the reporting rate.
import type { ReactNode } from 'react';
import type { MetricsSummary } from '@lpt/shared/metrics';
import { figureWithheld, formatCount, formatShare } from '../../../lib/format.ts';
import { TARGET } from './chartTheme.tsx';
import { figureText } from './Figure.tsx';

function Tile(props: { id: string; label: string; value: string; muted?: boolean; children?: ReactNode; wide?: boolean }) {
  return (
    <div className={`tile${props.wide ? ' tile--wide' : ''}`} data-tile={props.id}>
      <dt className="tile__label">{props.label}</dt>
      <dd className={`tile__value${props.muted ? ' tile__value--muted' : ''}`}>{props.value}</dd>
      {props.children ? <dd className="tile__detail">{props.children}</dd> : null}
    </div>
  );
}

/** A bar from 0 to 50 % with the share filled in and a mark at the 25 % benchmark. */
function BenchmarkBar({ share }: { share: number }) {
  const scale = 0.5;
  const fill = Math.min(share, scale) / scale;
  return (
    <div className="benchmark" aria-hidden="true">
      <div className="benchmark__track">
        <div className={`benchmark__fill${share >= TARGET ? ' benchmark__fill--met' : ''}`} style={{ width: `${fill * 100}%` }} />
        <div className="benchmark__target" style={{ left: `${(TARGET / scale) * 100}%` }} />
      </div>
      <div className="benchmark__scale">
        <span>0 %</span>
        <span style={{ left: `${(TARGET / scale) * 100}%` }}>25 % target</span>
        <span>50 %</span>
      </div>
    </div>
  );
}

function gapToTarget(share: number): string {
  const points = Math.abs(share - TARGET) * 100;
  if (points < 0.05) return 'At the 25 % benchmark.';
  return `${points.toFixed(1)} percentage points ${share < TARGET ? 'below' : 'above'} the 25 % benchmark.`;
}

export function HeadlineTiles({ summary }: { summary: MetricsSummary }) {
  const s = summary.suppressed;
  const f = summary.funding;
  // A tile's figure, or why it is withheld (the whole summary, or this figure on its own).
  const withheld = (path: string) => figureWithheld(summary, path) !== null;
  const text = (path: string, value: string) => {
    const reason = figureWithheld(summary, path);
    return reason ? figureText(null, 'share', reason) : value;
  };
  return (
    <>
    <h2 className="visually-hidden">Headline figures</h2>
    <dl className="tiles">
      <Tile id="weightedShare" label="Weighted local funding share" value={text('funding.weightedShare', formatShare(f.weightedShare))} muted={withheld('funding.weightedShare') || f.weightedShare === null} wide>
        {!withheld('funding.weightedShare') && f.weightedShare !== null ? (
          <>
            <BenchmarkBar share={f.weightedShare} />
            <span>Counted local funding ÷ in-scope expenditure, all signatories together (USD). {gapToTarget(f.weightedShare)}</span>
          </>
        ) : (
          <span>Counted local funding ÷ in-scope expenditure, all signatories together (USD).</span>
        )}
      </Tile>
      <Tile id="directShare" label="Direct share" value={text('funding.directShare', formatShare(f.directShare))} muted={withheld('funding.directShare') || f.directShare === null}>
        Transferred directly to local and national actors, without an intermediary.
      </Tile>
      <Tile id="medianShare" label="Median organisation" value={text('funding.medianShare', formatShare(f.medianShare))} muted={withheld('funding.medianShare') || f.medianShare === null}>
        {s ? 'Half of the signatories pass on more than this.' : `Half pass on more. Mean of organisations: ${formatShare(f.meanShare)}.`}
      </Tile>
      <Tile
        id="atOrAbove25"
        label="Signatories at or above 25 %"
        value={text('funding.atOrAbove25', f.atOrAbove25 === null ? formatCount(null) : `${formatCount(f.atOrAbove25)} of ${formatCount(summary.fundingOrganizations)}`)}
        muted={withheld('funding.atOrAbove25') || f.atOrAbove25 === null}
      >
        Signatories whose own counted local share reaches the Grand Bargain target.
      </Tile>
      <Tile id="reportingRate" label="Reporting rate" value={text('reportingRate', formatShare(summary.reportingRate))} muted={withheld('reportingRate') || summary.reportingRate === null}>
        {s || summary.organizationsEligible === null
          ? 'The share of eligible signatories with an approved report.'
          : `${formatCount(summary.organizationsReporting)} of ${formatCount(summary.organizationsEligible)} eligible signatories have an approved report.`}
      </Tile>
    </dl>
    </>
  );
}
