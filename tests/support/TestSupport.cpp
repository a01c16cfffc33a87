// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QTcpServer>

#include <ostream>

namespace tokendesk::test {

TempDir::TempDir()
{
    if (!m_dir.isValid())
        throw std::runtime_error("cannot create a temporary directory");
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QByteArray readFileBytes(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace tokendesk::test

namespace tokendesk {
void PrintTo(ErrorCode code, std::ostream* os)
{
    *os << qPrintable(errorCodeName(code));
}
} // namespace tokendesk
