// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Secret.h"

#include "models/core/SecureMemory.h"

#include <cstring>
#include <new>
#include <utility>

namespace tokendesk {

void secureWipe(QByteArray& bytes)
{
    if (!bytes.isEmpty() && bytes.isDetached())
        explicit_bzero(bytes.data(), static_cast<size_t>(bytes.size()));
    bytes.clear();
}

void secureWipe(QString& text)
{
    if (!text.isEmpty() && text.isDetached())
        explicit_bzero(text.data(), static_cast<size_t>(text.size()) * sizeof(QChar));
    text.clear();
}

void wipeShared(QString& text)
{
    if (!text.isEmpty())
        explicit_bzero(const_cast<QChar*>(text.constData()),
                       static_cast<size_t>(text.size()) * sizeof(QChar));
    text.clear();
}

Secret::Secret(QByteArrayView bytes)
{
    assign(bytes);
}

Secret Secret::fromString(const QString& text)
{
    QByteArray latin = text.toLatin1();
    Secret secret(latin);
    secureWipe(latin);
    return secret;
}

Secret Secret::transient(QByteArrayView bytes)
{
    Secret secret;
    secret.m_transient = true;
    secret.assign(bytes);
    return secret;
}

Secret::Secret(const Secret& other) : m_transient(other.m_transient)
{
    assign(other.view());
}

Secret& Secret::operator=(const Secret& other)
{
    if (this != &other) {
        wipe();
        m_transient = other.m_transient;
        assign(other.view());
    }
    return *this;
}

Secret::Secret(Secret&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)),
      m_transient(other.m_transient)
{}

Secret& Secret::operator=(Secret&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_transient = other.m_transient;
    }
    return *this;
}

Secret::~Secret()
{
    wipe();
}

void Secret::assign(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    const auto size = static_cast<std::size_t>(bytes.size());
    m_data =
        static_cast<char*>(m_transient ? SecureMemory::allocateOnHeap(size) : SecureMemory::allocate(size));
    if (m_data == nullptr)
        throw std::bad_alloc();
    std::memcpy(m_data, bytes.data(), size);
    m_size = bytes.size();
}

void Secret::wipe()
{
    SecureMemory::release(m_data, static_cast<std::size_t>(m_size));
    m_data = nullptr;
    m_size = 0;
}

} // namespace tokendesk
