// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace tokendesk {

// Holds a plaintext token. Every copy owns its own buffer (no implicit sharing), taken from the
// locked secure heap that core dumps leave out (SecureMemory), and each buffer is overwritten when
// the Secret is wiped or destroyed, so the plaintext does not linger in freed memory.
// Deliberately not printable: there is no QDebug operator and no implicit conversion.
class Secret
{
public:
    Secret() = default;
    explicit Secret(QByteArrayView bytes);
    static Secret fromString(const QString& text);
    // A credential that arrived in a request and is checked at once (a server's bearer token, on
    // the verify hot path): on the ordinary heap, still wiped, since the request's own bytes are
    // there anyway and the arena's lock would only slow every verify down.
    static Secret transient(QByteArrayView bytes);
    Secret(const Secret& other);
    Secret& operator=(const Secret& other);
    Secret(Secret&& other) noexcept;
    Secret& operator=(Secret&& other) noexcept;
    ~Secret();

    bool isEmpty() const { return m_size == 0; }
    qsizetype size() const { return m_size; }
    QByteArrayView view() const { return {m_data, m_size}; }
    // Explicit, greppable exit points for the plaintext (reveal dialog, CLI stdout, API response).
    QString exposeAsString() const { return QString::fromLatin1(m_data, m_size); }
    void wipe();

private:
    void assign(QByteArrayView bytes);

    char* m_data = nullptr;
    qsizetype m_size = 0;
    bool m_transient = false; // copies keep it: a transient secret's copy is transient too
};

// Overwrites a buffer in a way the optimiser may not elide.
void secureWipe(QByteArray& bytes);
void secureWipe(QString& text);
// Overwrites the characters of `text` even where other QStrings share them, then lets go of it:
// for copies handed to Qt (a line edit's text, a clipboard's data) that are about to be dropped
// and that no wipe of a detached copy could reach.
void wipeShared(QString& text);

} // namespace tokendesk
