// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Secret.h"

#include <cstring>

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

Secret::Secret(QByteArrayView bytes) : m_bytes(bytes.data(), bytes.size()) {}

Secret Secret::fromString(const QString& text)
{
    QByteArray latin = text.toLatin1();
    Secret secret(latin);
    secureWipe(latin);
    return secret;
}

Secret::Secret(const Secret& other) : m_bytes(other.m_bytes.constData(), other.m_bytes.size()) {}

Secret& Secret::operator=(const Secret& other)
{
    if (this != &other) {
        wipe();
        m_bytes = QByteArray(other.m_bytes.constData(), other.m_bytes.size());
    }
    return *this;
}

Secret::Secret(Secret&& other) noexcept : m_bytes(std::move(other.m_bytes)) {}

Secret& Secret::operator=(Secret&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_bytes = std::move(other.m_bytes);
    }
    return *this;
}

Secret::~Secret()
{
    wipe();
}

void Secret::wipe()
{
    secureWipe(m_bytes);
}

} // namespace tokendesk
