//! What the operating system offers that std does not, kept here with the only `unsafe` of
//! the workspace:
//! - CPU-heavy threads (rendering, password checks) run at a lower priority, so a flood of
//!   them cannot delay the async workers that answer everyone else;
//! - glibc keeps few malloc arenas, and gives back what was freed in them, so a burst (an
//!   attack, a big import) does not leave the server holding its peak for good.
//!
//! Elsewhere than Linux with glibc (musl, other systems) both do nothing: other allocators
//! return memory themselves.

/// Makes the calling thread yield the CPU to normal threads (nice 10). On Linux the nice
/// value is a property of each thread, not of the process. Failing is harmless (the thread
/// keeps its priority), so the result is ignored.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn lower_this_threads_priority() {
    // SAFETY: setpriority takes no pointers; `who` = 0 is the calling thread.
    let _ = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn lower_this_threads_priority() {}

/// Holds glibc to `arenas` malloc arenas (its default is 8 per CPU). Each thread that
/// allocates takes an arena of its own up to that number, and an arena keeps what was freed
/// in it: with every worker, database and rendering thread in an arena of its own, the server
/// kept +32 MiB after `bench/hostile.py` (malloc_trim notwithstanding), +11 with two.
/// Call it before any thread starts; the environment's `MALLOC_ARENA_MAX` still wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn limit_malloc_arenas(arenas: usize) {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    let arenas = libc::c_int::try_from(arenas.max(1)).unwrap_or(libc::c_int::MAX);
    // SAFETY: mallopt takes no pointers; glibc applies M_ARENA_MAX to arenas made later.
    let _ = unsafe { libc::mallopt(libc::M_ARENA_MAX, arenas) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_malloc_arenas(_arenas: usize) {}

/// Asks glibc to give the free pages of every arena back to the system; whether any came
/// back. glibc keeps what a thread freed in that thread's arena (an argon2id check's 19 MiB,
/// for one), so without this the server stays at its peak after a burst.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn give_back_free_memory() -> bool {
    // SAFETY: malloc_trim takes no pointers; glibc locks each arena while it trims it.
    unsafe { libc::malloc_trim(0) == 1 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back_free_memory() -> bool {
    false
}

/// Gives free memory back every `period`, for ever.
pub async fn keep_giving_back(period: std::time::Duration) {
    let mut ticks = tokio::time::interval(period);
    loop {
        ticks.tick().await;
        if give_back_free_memory() {
            tracing::debug!("gave free memory back to the system");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nice value of the calling thread, from /proc (field 19 of its `stat`).
    fn nice_of_this_thread() -> Option<i64> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        // The command name, in parentheses, may hold spaces: count after it.
        let after_name = &stat[stat.rfind(')')? + 2..];
        after_name.split(' ').nth(16)?.parse().ok()
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn a_lowered_thread_runs_at_nice_10_and_others_keep_theirs() {
        let lowered = std::thread::spawn(|| {
            lower_this_threads_priority();
            nice_of_this_thread()
        })
        .join();

        assert_eq!(lowered.ok().flatten(), Some(10));
        assert_eq!(
            nice_of_this_thread(),
            Some(0),
            "the nice value is per thread"
        );
        give_back_free_memory();
    }
}
