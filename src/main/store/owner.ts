/**
 * Which process holds a run. A run whose owner is this process was left by an earlier host in it
 * (tests reopen a database in one process; a real app has one host): like a dead owner's, it is
 * taken over at start-up.
 */
export function ownedByAnotherLiveProcess(ownerPid: number | null): boolean {
  if (ownerPid === null || ownerPid === process.pid) return false;
  try {
    process.kill(ownerPid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
