// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace tokendesk {

// Holds a plaintext token. Every copy owns its own buffer (no implicit sharing), and each buffer
// is overwritten when the Secret is wiped or destroyed, so the plaintext does not linger in freed
// memory. Deliberately not printable: there is no QDebug operator and no implicit conversion.
class Secret
{
public:
    Secret() = default;
    explicit Secret(QByteArrayView bytes);
    static Secret fromString(const QString& text);
    Secret(const Secret& other);
    Secret& operator=(const Secret& other);
    Secret(Secret&& other) noexcept;
    Secret& operator=(Secret&& other) noexcept;
    ~Secret();

    bool isEmpty() const { return m_bytes.isEmpty(); }
    qsizetype size() const { return m_bytes.size(); }
    QByteArrayView view() const { return m_bytes; }
    // Explicit, greppable exit points for the plaintext (reveal dialog, CLI stdout, API response).
    QString exposeAsString() const { return QString::fromLatin1(m_bytes); }
    void wipe();

private:
    QByteArray m_bytes;
};

// Overwrites a buffer in a way the optimiser may not elide.
void secureWipe(QByteArray& bytes);
void secureWipe(QString& text);

} // namespace tokendesk
