// SPDX-License-Identifier: GPL-3.0-or-later
// The signed audit head the server mails (issue 14): what the signature covers, the block a mail
// carries and how it survives being saved or quoted, and the key file.
#include "models/notices/SignedAuditHead.h"

#include "models/crypto/Crypto.h"
#include "tests/support/TestSupport.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

const Secret& testKey()
{
    static const Secret key(QByteArray(SignedAuditHead::kKeyBytes, '\x5a'));
    return key;
}

SignedAuditHead signedHead()
{
    return SignedAuditHead::sign(*defaultCrypto(), testKey(), QStringLiteral("/srv/org.tokendesk"),
                                 AuditHead{52, QByteArray(32, '\x11')},
                                 QDateTime(QDate(2026, 12, 4), QTime(18, 0, 7, 345), Qt::UTC));
}

TEST(SignedAuditHeadTest, TheBlockReadsBackAndVerifiesOnlyUnderItsKey)
{
    const SignedAuditHead head = signedHead();
    EXPECT_EQ(head.signedAt, QDateTime(QDate(2026, 12, 4), QTime(18, 0, 7), Qt::UTC)) << "whole seconds";
    const QString block = head.block();
    EXPECT_TRUE(block.contains(QStringLiteral("Head: 52:1111"))) << qPrintable(block);
    EXPECT_TRUE(block.contains(QStringLiteral("Signed-At: 2026-12-04T18:00:07Z"))) << qPrintable(block);
    const Result<SignedAuditHead> read = SignedAuditHead::parseBlock(block);
    ASSERT_TRUE(read.ok()) << read.error().toString().toStdString();
    EXPECT_EQ(read->store, head.store);
    EXPECT_EQ(read->head, head.head);
    EXPECT_EQ(read->signedAt, head.signedAt);
    EXPECT_TRUE(read->verify(*defaultCrypto(), testKey()));
    EXPECT_FALSE(read->verify(*defaultCrypto(), Secret(QByteArray(SignedAuditHead::kKeyBytes, '\x5b'))));
}

TEST(SignedAuditHeadTest, TheSignatureCoversEveryField)
{
    const SignedAuditHead original = signedHead();
    SignedAuditHead changed = original;
    changed.store = QStringLiteral("/srv/other.tokendesk");
    EXPECT_FALSE(changed.verify(*defaultCrypto(), testKey()));
    changed = original;
    changed.head.sequence = 51;
    EXPECT_FALSE(changed.verify(*defaultCrypto(), testKey()));
    changed = original;
    changed.head.hash[0] = '\x12';
    EXPECT_FALSE(changed.verify(*defaultCrypto(), testKey()));
    changed = original;
    changed.signedAt = original.signedAt.addSecs(1);
    EXPECT_FALSE(changed.verify(*defaultCrypto(), testKey()));
}

TEST(SignedAuditHeadTest, AQuotedOrQuotedPrintableMailStillReads)
{
    const QString block = signedHead().block();
    QString quoted = QStringLiteral("On Friday the server wrote:\n\n");
    for (const QString& line : block.split(u'\n'))
        quoted += QStringLiteral("> ") + line + QStringLiteral("\r\n");
    const Result<SignedAuditHead> fromReply = SignedAuditHead::parseBlock(quoted);
    ASSERT_TRUE(fromReply.ok()) << fromReply.error().toString().toStdString();
    EXPECT_TRUE(fromReply->verify(*defaultCrypto(), testKey()));

    // As saved from the wire: the 87-character signature line broken with a soft "=".
    QString wire = block;
    const qsizetype at = wire.indexOf(QStringLiteral("Signature: ")) + 70;
    wire.insert(at, QStringLiteral("=\r\n"));
    const Result<SignedAuditHead> fromWire = SignedAuditHead::parseBlock(wire);
    ASSERT_TRUE(fromWire.ok()) << fromWire.error().toString().toStdString();
    EXPECT_TRUE(fromWire->verify(*defaultCrypto(), testKey()));
}

TEST(SignedAuditHeadTest, ABrokenBlockSaysWhatIsWrong)
{
    const QString block = signedHead().block();
    const auto refusal = [](const QString& text) {
        const Result<SignedAuditHead> read = SignedAuditHead::parseBlock(text);
        return read.ok() ? QString() : read.error().message;
    };
    EXPECT_TRUE(refusal(QStringLiteral("hello")).contains(QStringLiteral("No audit head block")));
    EXPECT_TRUE(
        refusal(block.left(block.indexOf(QStringLiteral("-----END")))).contains(QStringLiteral("No audit")));
    QString noHead = block;
    noHead.remove(QRegularExpression(QStringLiteral("Head: [^\n]*\n")));
    EXPECT_TRUE(refusal(noHead).contains(QStringLiteral("no Head line")));
    QString twice = block;
    twice.replace(QStringLiteral("Store: "),
                  QStringLiteral("Head: 1:") + QString(64, u'a') + QStringLiteral("\nStore: "));
    EXPECT_TRUE(refusal(twice).contains(QStringLiteral("twice")));
    QString badTime = block;
    badTime.replace(QStringLiteral("2026-12-04T18:00:07Z"), QStringLiteral("yesterday"));
    EXPECT_TRUE(refusal(badTime).contains(QStringLiteral("Signed-At")));
    QString badSignature = block;
    badSignature.replace(QStringLiteral("hmac-sha256:"), QStringLiteral("md5:"));
    EXPECT_TRUE(refusal(badSignature).contains(QStringLiteral("Signature")));
}

TEST(SignedAuditHeadTest, TheKeyFileIsMadePrivateOnceAndRefusedWhenShared)
{
    TempDir dir;
    const QString path = dir.file(QStringLiteral("state/audit-head.key"));
    const Result<Secret> made = SignedAuditHead::loadOrCreateKey(*defaultCrypto(), path);
    ASSERT_TRUE(made.ok()) << made.error().toString().toStdString();
    EXPECT_EQ(made->size(), SignedAuditHead::kKeyBytes);
    EXPECT_EQ(QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                               QFileDevice::WriteGroup | QFileDevice::WriteOther),
              QFileDevice::Permissions());
    const Result<Secret> again = SignedAuditHead::loadOrCreateKey(*defaultCrypto(), path);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->view(), made->view()) << "made once, then read";

    ASSERT_TRUE(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ReadGroup));
    const Result<Secret> shared = SignedAuditHead::loadKey(path);
    ASSERT_FALSE(shared.ok());
    EXPECT_TRUE(shared.error().message.contains(QStringLiteral("chmod 600")));

    const QString bad = dir.file(QStringLiteral("bad.key"));
    QFile out(bad);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write("not hex at all\n");
    out.close();
    ASSERT_TRUE(QFile::setPermissions(bad, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const Result<Secret> malformed = SignedAuditHead::loadKey(bad);
    ASSERT_FALSE(malformed.ok());
    EXPECT_TRUE(malformed.error().message.contains(QStringLiteral("64 hex digits")));
    EXPECT_FALSE(SignedAuditHead::loadKey(dir.file(QStringLiteral("none.key"))).ok());
}

} // namespace
} // namespace tokendesk::test
