// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/SecretInput.h"

#include <cerrno>
#include <cstdio>
#include <optional>
#include <termios.h>
#include <unistd.h>

namespace tokendesk::cli {

namespace {

// Far longer than any token; more is not a token and is not worth reading.
constexpr qsizetype kMaxLine = 4096;

// Turns terminal echo off for its lifetime.
class EchoOff
{
public:
    EchoOff()
    {
        if (::tcgetattr(STDIN_FILENO, &m_saved) != 0)
            return;
        termios quiet = m_saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        m_active = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff()
    {
        if (m_active)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    termios m_saved{};
    bool m_active = false;
};

} // namespace

Secret SecretInput::readLine(const QString& prompt)
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    if (terminal) {
        const QByteArray text = prompt.toLocal8Bit();
        std::fwrite(text.constData(), 1, static_cast<size_t>(text.size()), stderr);
        std::fflush(stderr);
    }

    // Allocated once, so no reallocation leaves a partial copy behind.
    QByteArray buffer(kMaxLine, '\0');
    qsizetype length = 0;
    {
        std::optional<EchoOff> echoOff;
        if (terminal)
            echoOff.emplace();
        char* data = buffer.data();
        while (length < kMaxLine) {
            const ssize_t n = ::read(STDIN_FILENO, data + length, 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0 || data[length] == '\n')
                break;
            ++length;
        }
    }
    if (terminal)
        std::fputc('\n', stderr);

    Secret secret(QByteArrayView(buffer.constData(), length).trimmed());
    secureWipe(buffer);
    return secret;
}

} // namespace tokendesk::cli
