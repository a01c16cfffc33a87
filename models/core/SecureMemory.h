// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>

namespace tokendesk::SecureMemory {

// OpenSSL's secure heap: an arena of its own mapping, locked in RAM (mlock) so it never reaches
// swap, left out of core dumps (MADV_DONTDUMP), with guard pages around it. Plaintext tokens
// live there (Secret). Each executable starts it first thing in main(); without it, and once it
// is full, secrets fall back to the ordinary heap, still wiped when freed.
enum class State
{
    Off,         // not started (unit tests, or the platform refused the mapping)
    Locked,      // started and locked in RAM
    NotLockable, // started and left out of dumps, but RLIMIT_MEMLOCK refused the lock
};

// 64 KiB holds over a thousand tokens at once and stays within the 64 KiB RLIMIT_MEMLOCK an
// unprivileged user gets by default, so the lock succeeds for everyone.
inline constexpr std::size_t kDefaultArenaBytes = std::size_t{64} * 1024;

State start(std::size_t arenaBytes = kDefaultArenaBytes);
State state();

// Zero-filled memory from the arena, or from the heap when the arena is off or full; nullptr
// only when both are exhausted.
void* allocate(std::size_t bytes);
// Zero-filled memory from the ordinary heap, for release() like the rest.
void* allocateOnHeap(std::size_t bytes);
// Wipes `bytes` at `memory` and frees it, wherever allocate() took it from.
void release(void* memory, std::size_t bytes);
// True when `memory` lies in the locked arena (the tests ask it).
bool isInArena(const void* memory);

} // namespace tokendesk::SecureMemory
