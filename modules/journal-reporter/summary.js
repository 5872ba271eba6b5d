// Text of `blvm reporter summary`.
export function formatSummary(counts, recent, state) {
  const lines = [
    `event-journal holds ${counts.count} events (#${counts.first_seq ?? '-'} to #${counts.last_seq ?? '-'}, ${counts.gaps} gaps)`,
  ];
  for (const [type, n] of Object.entries(counts.by_type).slice(0, 10)) lines.push(`  ${String(n).padStart(8)}  ${type}`);
  if (recent.length > 0) {
    lines.push('newest:');
    for (const e of recent) lines.push(`  #${e.seq}  ${e.type}  ${e.source}`);
  }
  lines.push(`reporter: ${state.reports} reports, ${state.failures} failures`);
  return `${lines.join('\n')}\n`;
}
