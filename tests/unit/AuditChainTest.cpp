// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/AuditChain.h"

#include "models/crypto/Crypto.h"

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

QList<AuditEntry> makeChain(const Crypto& crypto, int length)
{
    QList<AuditEntry> chain;
    QByteArray previous = AuditChain::genesisHash();
    for (int i = 1; i <= length; ++i) {
        AuditEntry entry;
        entry.sequence = i;
        entry.at = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + i, Qt::UTC);
        entry.actor = QStringLiteral("alice");
        entry.action = QStringLiteral("token.generate");
        entry.tokenId = i;
        entry.label = QStringLiteral("label-%1").arg(i);
        entry.masked = QStringLiteral("tdk_\u2026abcd");
        entry.previousHash = previous;
        entry.hash = AuditChain::entryHash(crypto, entry);
        previous = entry.hash;
        chain.append(entry);
    }
    return chain;
}

class AuditChainTest : public ::testing::Test
{
protected:
    std::shared_ptr<const Crypto> crypto = defaultCrypto();
};

TEST_F(AuditChainTest, AnUntouchedChainVerifies)
{
    const auto chain = makeChain(*crypto, 10);
    const ChainReport report = AuditChain::verify(*crypto, chain, AuditChain::genesisHash());
    EXPECT_TRUE(report.intact());
    EXPECT_EQ(report.entriesChecked, 10);
}

TEST_F(AuditChainTest, EveryFieldIsCoveredByTheHash)
{
    const auto original = makeChain(*crypto, 5);
    const std::vector<std::function<void(AuditEntry&)>> edits{
        [](AuditEntry& e) { e.actor = QStringLiteral("mallory"); },
        [](AuditEntry& e) { e.action = QStringLiteral("token.rename"); },
        [](AuditEntry& e) { e.tokenId += 1; },
        [](AuditEntry& e) { e.label += QLatin1Char('!'); },
        [](AuditEntry& e) { e.masked = QStringLiteral("tdk_\u2026zzzz"); },
        [](AuditEntry& e) { e.detail = QStringLiteral("nothing to see"); },
        [](AuditEntry& e) { e.at = e.at.addSecs(1); },
        [](AuditEntry& e) { e.sequence += 100; },
    };
    for (std::size_t i = 0; i < edits.size(); ++i) {
        auto chain = original;
        edits[i](chain[2]);
        const ChainReport report = AuditChain::verify(*crypto, chain, AuditChain::genesisHash());
        ASSERT_FALSE(report.intact()) << "edit " << i;
        EXPECT_EQ(*report.firstBrokenSequence, chain[2].sequence) << "edit " << i;
    }
}

TEST_F(AuditChainTest, FieldBoundariesCannotBeShifted)
{
    // "ab" + "c" and "a" + "bc" must not hash alike: fields are length-prefixed.
    AuditEntry a;
    a.previousHash = AuditChain::genesisHash();
    a.actor = QStringLiteral("ab");
    a.action = QStringLiteral("c");
    AuditEntry b = a;
    b.actor = QStringLiteral("a");
    b.action = QStringLiteral("bc");
    EXPECT_NE(AuditChain::entryHash(*crypto, a), AuditChain::entryHash(*crypto, b));
}

TEST_F(AuditChainTest, ARemovedOrReorderedEntryBreaksTheChainWhereItHappened)
{
    auto removed = makeChain(*crypto, 6);
    removed.removeAt(3);
    EXPECT_EQ(*AuditChain::verify(*crypto, removed, AuditChain::genesisHash()).firstBrokenSequence, 5);

    auto swapped = makeChain(*crypto, 6);
    std::swap(swapped[1], swapped[2]);
    EXPECT_EQ(*AuditChain::verify(*crypto, swapped, AuditChain::genesisHash()).firstBrokenSequence, 3);
}

TEST_F(AuditChainTest, ReForgingOneHashIsNotEnough)
{
    auto chain = makeChain(*crypto, 4);
    chain[1].actor = QStringLiteral("mallory");
    chain[1].hash = AuditChain::entryHash(*crypto, chain[1]); // forger recomputes this entry only
    EXPECT_EQ(*AuditChain::verify(*crypto, chain, AuditChain::genesisHash()).firstBrokenSequence, 3);
}

} // namespace
} // namespace tokendesk::test
