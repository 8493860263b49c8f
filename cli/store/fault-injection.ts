// Test-only pause points for crash tests: when TECHNIC_FAULT_PAUSE_AT names a point, the
// process announces it on stderr and waits there forever so a test can SIGKILL it at
// exactly that moment. Inert unless the variable is set.

export async function faultPoint(name: string): Promise<void> {
  if (process.env.TECHNIC_FAULT_PAUSE_AT !== name) return;
  process.stderr.write(`TECHNIC_FAULT_PAUSED ${name}\n`);
  await new Promise<never>(() => setInterval(() => {}, 60_000));
}
