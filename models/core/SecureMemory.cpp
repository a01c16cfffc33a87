// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/SecureMemory.h"

#include <atomic>
#include <openssl/crypto.h>

namespace tokendesk::SecureMemory {

namespace {

// 32 bytes is the smallest block OpenSSL hands out here; a token is 40, so it takes one 64-byte
// block and the arena is not cut into pieces too small to use.
constexpr std::size_t kSmallestBlock = 32;

std::atomic<State> g_state{State::Off};

} // namespace

State start(std::size_t arenaBytes)
{
    if (CRYPTO_secure_malloc_initialized())
        return g_state.load();
    // 1: mapped, guarded, locked and not dumped; 2: the same without the lock; 0: nothing.
    switch (CRYPTO_secure_malloc_init(arenaBytes, kSmallestBlock)) {
    case 1:
        g_state = State::Locked;
        break;
    case 2:
        g_state = State::NotLockable;
        break;
    default:
        g_state = State::Off;
        break;
    }
    return g_state.load();
}

State state()
{
    return g_state.load();
}

void* allocate(std::size_t bytes)
{
    if (bytes == 0)
        return nullptr;
    // OPENSSL_secure_zalloc answers nullptr when the arena is full rather than taking the
    // ordinary heap itself; a full arena must not turn into a failed generate.
    if (void* secure = OPENSSL_secure_zalloc(bytes))
        return secure;
    return OPENSSL_zalloc(bytes);
}

void* allocateOnHeap(std::size_t bytes)
{
    return bytes == 0 ? nullptr : OPENSSL_zalloc(bytes);
}

void release(void* memory, std::size_t bytes)
{
    // Wipes and frees both kinds: OpenSSL tells its arena's blocks from the heap's itself.
    if (memory != nullptr)
        OPENSSL_secure_clear_free(memory, bytes);
}

bool isInArena(const void* memory)
{
    return memory != nullptr && CRYPTO_secure_allocated(memory) == 1;
}

} // namespace tokendesk::SecureMemory
