// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/crypto/Crypto.h"

#ifdef TOKENDESK_HAVE_QCA
#include "models/crypto/QcaCrypto.h"
#endif

#include <QByteArray>
#include <QString>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace tokendesk {
// Names the provider in gtest's output instead of dumping the shared_ptr's bytes.
void PrintTo(const std::shared_ptr<const Crypto>& crypto, std::ostream* os)
{
    *os << (crypto ? crypto->name().toStdString() : std::string("null"));
}
} // namespace tokendesk

using namespace tokendesk;

namespace {

QByteArray hex(const char* text)
{
    return QByteArray::fromHex(QByteArray(text));
}

std::string toHex(const QByteArray& bytes)
{
    return bytes.toHex().toStdString();
}

// Every implementation compiled into this build runs the same known-answer tests.
class CryptoTest : public ::testing::TestWithParam<std::shared_ptr<const Crypto>>
{
protected:
    void SetUp() override
    {
#ifdef TOKENDESK_HAVE_QCA
        // Without a provider plugin QcaCrypto stops the process rather than use weak primitives;
        // fail this test with the reason instead of crashing the whole run.
        if (GetParam()->name() == QStringLiteral("qca")) {
            ASSERT_TRUE(QcaCrypto::isUsable())
                << "QCA is built in but has no sha256/hmac(sha256)/secure random provider; "
                   "install qca-ossl or set QCA_PLUGIN_PATH";
        }
#endif
    }
    const Crypto& crypto() const
    {
        return *GetParam();
    }
};

TEST_P(CryptoTest, Sha256OfEmptyInput)
{
    EXPECT_EQ(toHex(crypto().sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_P(CryptoTest, Sha256OfAbc)
{
    EXPECT_EQ(toHex(crypto().sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_P(CryptoTest, Sha256OfNist448BitMessage)
{
    EXPECT_EQ(toHex(crypto().sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_P(CryptoTest, Sha256OfOneMillionA)
{
    // FIPS 180-2's long-message vector: exercises the multi-block path.
    EXPECT_EQ(toHex(crypto().sha256(QByteArray(1000000, 'a'))),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

struct HmacVector
{
    const char* name;
    QByteArray key;
    QByteArray data;
    const char* expected; // full 32-byte output, hex
};

TEST_P(CryptoTest, HmacSha256Rfc4231)
{
    const HmacVector vectors[] = {
        {"case 1", QByteArray(20, '\x0b'), "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {"case 2", "Jefe", "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {"case 3", QByteArray(20, '\xaa'), QByteArray(50, '\xdd'),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {"case 4", hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), QByteArray(50, '\xcd'),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        {"case 6", QByteArray(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {"case 7", QByteArray(131, '\xaa'),
         "This is a test using a larger than block-size key and a larger than block-size data. The key "
         "needs to be hashed before being used by the HMAC algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    for (const HmacVector& v : vectors)
        EXPECT_EQ(toHex(crypto().hmacSha256(v.key, v.data)), v.expected) << v.name;
}

TEST_P(CryptoTest, KeyedHmacGivesTheSameMacsMessageAfterMessage)
{
    // The verify path keeps one keyed HMAC per thread and feeds it every presented token: each
    // message must get the MAC of a fresh computation, whatever came before it.
    for (const QByteArray& key :
         {QByteArray(), QByteArray("Jefe"), QByteArray(32, '\x5a'), QByteArray(131, '\xaa')}) {
        const std::unique_ptr<KeyedHmac> keyed = crypto().keyedHmacSha256(key);
        for (const QByteArray& message : {QByteArray("what do ya want for nothing?"), QByteArray(),
                                          QByteArray(200, 'x'), QByteArray("what do ya want for nothing?")})
            EXPECT_EQ(toHex(keyed->compute(message)), toHex(crypto().hmacSha256(key, message)))
                << "key of " << key.size() << " bytes, message of " << message.size() << " bytes";
    }
    const std::unique_ptr<KeyedHmac> jefe = crypto().keyedHmacSha256("Jefe");
    EXPECT_EQ(toHex(jefe->compute("what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_P(CryptoTest, HmacSha256Rfc4231Case5Truncated)
{
    // Case 5 specifies only the first 128 bits of the output.
    const QByteArray mac = crypto().hmacSha256(QByteArray(20, '\x0c'), "Test With Truncation");
    ASSERT_EQ(mac.size(), 32);
    EXPECT_EQ(toHex(mac.first(16)), "a3b6167473100ee06e0c796c2955552b");
}

TEST_P(CryptoTest, HmacSha256WithEmptyKeyAndMessage)
{
    // An empty key is legal HMAC (zero-padded to the block size); some APIs choke on it.
    EXPECT_EQ(toHex(crypto().hmacSha256({}, {})),
              "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST_P(CryptoTest, RandomBytesHaveTheRequestedSize)
{
    for (const qsizetype size : {0, 1, 32, 1000})
        EXPECT_EQ(crypto().randomBytes(size).size(), size) << "size " << size;
}

TEST_P(CryptoTest, RandomDrawsDiffer)
{
    // Two equal 32-byte draws would have probability 2^-256: equality means a broken source.
    const QByteArray first = crypto().randomBytes(32);
    const QByteArray second = crypto().randomBytes(32);
    EXPECT_NE(first, second);
    EXPECT_NE(first, QByteArray(32, '\0'));
}

TEST_P(CryptoTest, RandomBytesUseEveryByteValue)
{
    // 64 KiB from a uniform source misses a given byte value with probability (255/256)^65536,
    // about 1e-112, so this cannot flake; a source stuck on a subset of values fails it.
    const QByteArray bytes = crypto().randomBytes(65536);
    bool seen[256] = {};
    for (const char b : bytes)
        seen[static_cast<unsigned char>(b)] = true;
    for (int value = 0; value < 256; ++value)
        EXPECT_TRUE(seen[value]) << "byte value " << value << " never drawn";
}

TEST_P(CryptoTest, ConstantTimeEquals)
{
    EXPECT_TRUE(crypto().constantTimeEquals("secret-mac", "secret-mac"));
    EXPECT_TRUE(crypto().constantTimeEquals({}, {}));
    EXPECT_FALSE(crypto().constantTimeEquals("secret-mac", "secret-mad"));
    EXPECT_FALSE(crypto().constantTimeEquals("xecret-mac", "secret-mac"));
    EXPECT_FALSE(crypto().constantTimeEquals("secret-mac", "secret-ma"));
    EXPECT_FALSE(crypto().constantTimeEquals("secret-ma", "secret-mac"));
    EXPECT_FALSE(crypto().constantTimeEquals({}, "a"));
    // Embedded NUL bytes are data, not terminators.
    EXPECT_FALSE(crypto().constantTimeEquals(QByteArray("a\0b", 3), QByteArray("a\0c", 3)));
}

TEST_P(CryptoTest, HashesAreUsableAsKeysForEachOther)
{
    // The store keys its token hash with an HMAC; check the two primitives compose and differ.
    const QByteArray digest = crypto().sha256("token");
    EXPECT_EQ(digest.size(), 32);
    EXPECT_NE(crypto().hmacSha256(digest, "token"), digest);
}

TEST_P(CryptoTest, OneInstanceIsSafeToShareBetweenThreads)
{
    // The backend's worker threads share defaultCrypto(); results must not depend on interleaving.
    const QByteArray expectedDigest = crypto().sha256("abc");
    const QByteArray expectedMac = crypto().hmacSha256("Jefe", "what do ya want for nothing?");
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    threads.reserve(4);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (crypto().sha256("abc") != expectedDigest ||
                    crypto().hmacSha256("Jefe", "what do ya want for nothing?") != expectedMac ||
                    crypto().randomBytes(16).size() != 16)
                    ++mismatches;
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    EXPECT_EQ(mismatches.load(), 0);
}

TEST_P(CryptoTest, HkdfSha256Rfc5869)
{
    const QByteArray ikm(22, '\x0b');
    // Test case 1: salt and info.
    EXPECT_EQ(
        toHex(crypto().hkdfSha256(ikm, hex("000102030405060708090a0b0c"), hex("f0f1f2f3f4f5f6f7f8f9"), 42)),
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    // Test case 3: empty salt and info.
    EXPECT_EQ(toHex(crypto().hkdfSha256(ikm, {}, {}, 42)),
              "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST_P(CryptoTest, Aes256GcmKnownAnswer)
{
    // The GCM specification's test case 14: zero key, zero nonce, one zero block.
    const QByteArray key(32, '\0');
    const QByteArray nonce(12, '\0');
    const QByteArray sealed = crypto().aes256GcmSeal(key, nonce, QByteArray(16, '\0'), {});
    EXPECT_EQ(toHex(sealed), "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
    // Test case 13: nothing to encrypt, the tag alone.
    EXPECT_EQ(toHex(crypto().aes256GcmSeal(key, nonce, {}, {})), "530f8afbc74536b9a963b4f1c4cb738b");
}

TEST_P(CryptoTest, Aes256GcmOpensWhatItSealedAndNothingElse)
{
    const QByteArray key = crypto().randomBytes(32);
    const QByteArray nonce = crypto().randomBytes(12);
    const QByteArray message = "201 {\"secret\":\"tdk_...\"}";
    const QByteArray aad = "lookup";
    const QByteArray sealed = crypto().aes256GcmSeal(key, nonce, message, aad);
    ASSERT_EQ(sealed.size(), message.size() + 16);
    EXPECT_FALSE(sealed.contains(message));
    const auto opened = crypto().aes256GcmOpen(key, nonce, sealed, aad);
    ASSERT_TRUE(opened.has_value());
    EXPECT_EQ(*opened, message);

    QByteArray ciphertextFlipped = sealed;
    ciphertextFlipped[0] = char(ciphertextFlipped[0] ^ 1);
    EXPECT_FALSE(crypto().aes256GcmOpen(key, nonce, ciphertextFlipped, aad)) << "tampered ciphertext";
    QByteArray tagFlipped = sealed;
    tagFlipped[tagFlipped.size() - 1] = char(tagFlipped[tagFlipped.size() - 1] ^ 0x80);
    EXPECT_FALSE(crypto().aes256GcmOpen(key, nonce, tagFlipped, aad)) << "tampered tag";
    EXPECT_FALSE(crypto().aes256GcmOpen(key, nonce, sealed, "lookuq")) << "other AAD";
    EXPECT_FALSE(crypto().aes256GcmOpen(crypto().randomBytes(32), nonce, sealed, aad)) << "wrong key";
    EXPECT_FALSE(crypto().aes256GcmOpen(key, crypto().randomBytes(12), sealed, aad)) << "wrong nonce";
    EXPECT_FALSE(crypto().aes256GcmOpen(key, nonce, sealed.left(15), aad)) << "shorter than a tag";
    EXPECT_FALSE(crypto().aes256GcmOpen(key.left(16), nonce, sealed, aad)) << "not a 256-bit key";
    EXPECT_FALSE(crypto().aes256GcmOpen(key, nonce, sealed + 'x', aad)) << "extended";
}

INSTANTIATE_TEST_SUITE_P(AllProviders, CryptoTest, ::testing::ValuesIn(availableCryptos()),
                         [](const ::testing::TestParamInfo<std::shared_ptr<const Crypto>>& info) {
                             return info.param->name().toStdString();
                         });

TEST(CryptoSelection, DefaultIsOneOfTheAvailableImplementations)
{
    const std::shared_ptr<const Crypto> crypto = defaultCrypto();
    ASSERT_NE(crypto, nullptr);
    EXPECT_EQ(defaultCrypto(), crypto) << "defaultCrypto() should return one shared instance";
    bool found = false;
    for (const auto& available : availableCryptos())
        found = found || available->name() == crypto->name();
    EXPECT_TRUE(found);
}

TEST(CryptoSelection, EveryBuildHasOpenSsl)
{
    bool found = false;
    for (const auto& available : availableCryptos())
        found = found || available->name() == QStringLiteral("openssl");
    EXPECT_TRUE(found);
}

#ifdef TOKENDESK_HAVE_QCA
TEST(CryptoSelection, QcaIsTheDefaultWhenItHasProviders)
{
    ASSERT_TRUE(QcaCrypto::isUsable()) << "QCA is built in but has no usable provider plugin";
    EXPECT_EQ(defaultCrypto()->name(), QStringLiteral("qca"));
}
#endif

} // namespace
