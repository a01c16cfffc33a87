// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/RawHttp.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>

#include <gtest/gtest.h>

namespace tokendesk::test {

QByteArray RawReply::header(QByteArrayView name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QJsonObject RawReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

RawReply parseReply(const QByteArray& raw)
{
    RawReply reply;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    if (end < 0)
        return reply;
    const QList<QByteArray> lines = raw.left(end).split('\n');
    reply.status = lines.value(0).split(' ').value(1).toInt();
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const qsizetype colon = lines[n].indexOf(':');
        if (colon > 0)
            reply.headers.append({lines[n].left(colon).trimmed(), lines[n].mid(colon + 1).trimmed()});
    }
    reply.body = raw.mid(end + 4);
    return reply;
}

RawReply request(const QUrl& server, const QByteArray& method, const QByteArray& path,
                 const QByteArray& authorization)
{
    QByteArray head = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!authorization.isEmpty())
        head += "Authorization: " + authorization + "\r\n";
    if (method == "POST")
        head += "Content-Length: 0\r\n";
    return exchange(server, head + "\r\n");
}

RawReply exchange(const QUrl& server, const QByteArray& raw)
{
    QTcpSocket socket;
    socket.connectToHost(server.host(), quint16(server.port()));
    EXPECT_TRUE(socket.waitForConnected(5000));
    socket.write(raw);
    // Read until the announced body is complete (the server may keep the connection open).
    QByteArray answer;
    qsizetype end = -1;
    qsizetype length = -1;
    QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (end >= 0 && length >= 0 && answer.size() >= end + 4 + length)
            break;
        if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
            break;
        socket.waitForReadyRead(50);
        answer += socket.readAll();
        end = answer.indexOf("\r\n\r\n");
        if (end >= 0 && length < 0) {
            static const QRegularExpression contentLength(
                QStringLiteral("(?i)\r\ncontent-length: *([0-9]+)"));
            const auto match = contentLength.match(QString::fromLatin1(answer.left(end)));
            if (match.hasMatch())
                length = match.captured(1).toLongLong();
        }
    }
    return parseReply(answer);
}

} // namespace tokendesk::test
