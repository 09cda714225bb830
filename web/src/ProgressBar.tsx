/** A listing's funding progress: the API's percentage string, used as it comes. */
export function ProgressBar({ progress, label }: { progress: string; label: string }) {
  return (
    <div className="progress">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Number(progress)} aria-valuetext={`${progress}%`} className="progress-track">
        <div className="progress-fill" style={{ width: `${progress}%` }} />
      </div>
      <span className="progress-text">{progress}%</span>
    </div>
  );
}
