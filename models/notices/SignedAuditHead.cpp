// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/SignedAuditHead.h"

#include "models/crypto/Crypto.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

namespace tokendesk {

namespace {

const QString kHeadBlockBegin = QStringLiteral("-----BEGIN TOKENDESK AUDIT HEAD-----");
const QString kHeadBlockEnd = QStringLiteral("-----END TOKENDESK AUDIT HEAD-----");
const QString kHeadSignaturePrefix = QStringLiteral("hmac-sha256:");
const QString kHeadTimeFormat = QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'");

Error signedHeadError(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

QString signedHeadLine(QString text)
{
    for (QChar& c : text) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator)
            c = u'?';
    }
    return text.trimmed();
}

} // namespace

QByteArray SignedAuditHead::signedText() const
{
    return QByteArrayLiteral("tokendesk-audit-head-v1\n") + store.toUtf8() + '\n' + head.text().toLatin1() +
           '\n' + signedAt.toUTC().toString(kHeadTimeFormat).toLatin1() + '\n';
}

SignedAuditHead SignedAuditHead::sign(const Crypto& crypto, const Secret& key, const QString& store,
                                      const AuditHead& head, const QDateTime& at)
{
    SignedAuditHead signedHead;
    signedHead.store = signedHeadLine(store);
    signedHead.head = head;
    signedHead.signedAt = QDateTime::fromSecsSinceEpoch(at.toSecsSinceEpoch(), Qt::UTC);
    signedHead.signature = crypto.hmacSha256(key.view(), signedHead.signedText());
    return signedHead;
}

bool SignedAuditHead::verify(const Crypto& crypto, const Secret& key) const
{
    return crypto.constantTimeEquals(crypto.hmacSha256(key.view(), signedText()), signature);
}

QString SignedAuditHead::block() const
{
    return kHeadBlockBegin + QStringLiteral("\nStore: ") + store + QStringLiteral("\nHead: ") + head.text() +
           QStringLiteral("\nSigned-At: ") + signedAt.toUTC().toString(kHeadTimeFormat) +
           QStringLiteral("\nSignature: ") + kHeadSignaturePrefix + QString::fromLatin1(signature.toHex()) +
           u'\n' + kHeadBlockEnd + u'\n';
}

Result<SignedAuditHead> SignedAuditHead::parseBlock(const QString& text)
{
    static const QRegularExpression quoting(QStringLiteral("^[\\s>]+"));
    // A mail saved as it travelled is quoted-printable: its long lines (the signature's) end in a
    // soft break "=". The block holds no other '=', so joining them back is all the decoding needed.
    static const QRegularExpression softBreak(QStringLiteral("=\r?\n"));
    QString joined = text;
    joined.remove(softBreak);
    QStringList lines;
    bool inside = false;
    bool ended = false;
    for (QString line : joined.split(u'\n')) {
        line = line.remove(quoting).trimmed();
        if (!inside) {
            inside = line == kHeadBlockBegin;
            continue;
        }
        if (line == kHeadBlockEnd) {
            ended = true;
            break;
        }
        if (!line.isEmpty())
            lines.append(line);
    }
    if (!ended)
        return signedHeadError(
            tr("No audit head block found: paste the lines from %1 to %2 of the server's mail.")
                .arg(kHeadBlockBegin, kHeadBlockEnd));
    QMap<QString, QString> fields;
    for (const QString& line : lines) {
        const qsizetype colon = line.indexOf(u':');
        const QString name = line.left(colon).trimmed();
        if (colon < 1 || fields.contains(name))
            return signedHeadError(
                tr("The audit head block has a line that is no field, or a field twice: '%1'.")
                    .arg(line.left(80)));
        fields.insert(name, line.mid(colon + 1).trimmed());
    }
    for (const QString& name : {QStringLiteral("Store"), QStringLiteral("Head"), QStringLiteral("Signed-At"),
                                QStringLiteral("Signature")}) {
        if (!fields.contains(name))
            return signedHeadError(tr("The audit head block has no %1 line.").arg(name));
    }
    SignedAuditHead parsed;
    parsed.store = fields.value(QStringLiteral("Store"));
    const std::optional<AuditHead> head = AuditHead::parse(fields.value(QStringLiteral("Head")));
    if (!head)
        return signedHeadError(tr("The Head of the audit head block is not SEQ:HASH."));
    parsed.head = *head;
    // Read as UTC from the start: a local reading could fall into a daylight-saving gap.
    const QDateTime read = QDateTime::fromString(fields.value(QStringLiteral("Signed-At")), kHeadTimeFormat);
    parsed.signedAt = QDateTime(read.date(), read.time(), Qt::UTC);
    if (!parsed.signedAt.isValid())
        return signedHeadError(
            tr("The Signed-At of the audit head block is no time like 2026-12-04T18:00:00Z."));
    static const QRegularExpression signature(QStringLiteral("^hmac-sha256:([0-9a-fA-F]{64})$"));
    const QRegularExpressionMatch match = signature.match(fields.value(QStringLiteral("Signature")));
    if (!match.hasMatch())
        return signedHeadError(
            tr("The Signature of the audit head block is not hmac-sha256: and 64 hex digits."));
    parsed.signature = QByteArray::fromHex(match.captured(1).toLatin1());
    return parsed;
}

Result<Secret> SignedAuditHead::loadKey(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return signedHeadError(tr("The audit head key %1 does not exist.").arg(path));
    // Like the SMTP password file: a key others can read or change signs for them too.
    constexpr auto kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                             QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (info.permissions() & kOthers)
        return signedHeadError(
            tr("The audit head key %1 may be read or changed by other users; make it private "
               "(chmod 600 %1).")
                .arg(path));
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return signedHeadError(tr("Cannot read the audit head key %1: %2").arg(path, in.errorString()));
    QByteArray hex = in.read(4 * kKeyBytes).trimmed();
    QByteArray bytes = QByteArray::fromHex(hex);
    const bool wellFormed =
        hex.size() == 2 * kKeyBytes && bytes.size() == kKeyBytes && bytes.toHex() == hex.toLower();
    Secret key(bytes);
    secureWipe(hex);
    secureWipe(bytes);
    if (!wellFormed)
        return signedHeadError(tr("The audit head key %1 does not hold 64 hex digits.").arg(path));
    return key;
}

Result<Secret> SignedAuditHead::loadOrCreateKey(const Crypto& crypto, const QString& path)
{
    if (QFileInfo::exists(path))
        return loadKey(path);
    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        return signedHeadError(tr("Cannot make the folder %1 for the audit head key.").arg(folder));
    QFile out(path);
    // NewOnly: two servers starting at once never overwrite each other's key.
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                  QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        if (QFileInfo::exists(path))
            return loadKey(path);
        return signedHeadError(tr("Cannot create the audit head key %1: %2").arg(path, out.errorString()));
    }
    QByteArray bytes = crypto.randomBytes(kKeyBytes);
    QByteArray hex = bytes.toHex() + '\n';
    const Secret key(bytes);
    secureWipe(bytes);
    const bool written = out.write(hex) == hex.size() && out.flush();
    secureWipe(hex);
    out.close();
    if (!written) {
        QFile::remove(path);
        return signedHeadError(tr("Cannot write the audit head key %1.").arg(path));
    }
    return key;
}

} // namespace tokendesk
