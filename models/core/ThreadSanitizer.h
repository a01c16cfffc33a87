// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Tells ThreadSanitizer (the tsan preset) about an ordering that Qt provides but that the sanitizer
// cannot see: Debian's Qt is not built with it, and QMutex waits on futexes it does not intercept,
// so a job handed to another thread through Qt's event queue looks like a data race. `handOver`
// before the handing over, `takeOver` first thing on the other side, with the same address.
// Without the sanitizer both are nothing.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace tokendesk::ThreadSanitizer {

inline void handOver([[maybe_unused]] void* address)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_release(address);
#endif
}

inline void takeOver([[maybe_unused]] void* address)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(address);
#endif
}

} // namespace tokendesk::ThreadSanitizer
