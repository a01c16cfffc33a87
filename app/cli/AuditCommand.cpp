// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/AuditCommand.h"

#include "app/cli/CliContext.h"
#include "app/cli/CliOutput.h"
#include "models/core/AuditHead.h"
#include "models/crypto/Crypto.h"
#include "models/notices/SignedAuditHead.h"

#include <QFile>
#include <QJsonArray>

namespace tokendesk::cli {

namespace {

const QString kVerify = QStringLiteral("verify");
const QString kToken = QStringLiteral("token");
const QString kHead = QStringLiteral("head");
const QString kExpectHead = QStringLiteral("expect-head");
const QString kSignedHead = QStringLiteral("signed-head");
const QString kKey = QStringLiteral("key");

// The mail (or the block from it) in FILE, or on stdin for "-"; at most 1 MiB is read.
std::optional<QString> readMailedText(const QString& path)
{
    QFile in;
    bool opened = false;
    if (path == u"-") {
        opened = in.open(stdin, QIODevice::ReadOnly);
    } else {
        in.setFileName(path);
        opened = in.open(QIODevice::ReadOnly);
    }
    if (!opened)
        return std::nullopt;
    return QString::fromUtf8(in.read(1 << 20));
}

} // namespace

int AuditCommand::verifyChain(CliContext& ctx, Backend& backend)
{
    std::optional<AuditHead> expected;
    QString source;
    if (const int refused = readExpectedHead(ctx, expected, source); refused != ExitOk)
        return refused;
    const Result<ChainReport> report = await(backend.verifyAuditChain());
    if (!report)
        return ctx.fail(report.error());
    const ChainReport& chain = report.value();
    if (!chain.intact()) {
        if (ctx.json())
            ctx.out().json(QJsonObject{{QStringLiteral("intact"), false},
                                       {QStringLiteral("entries"), chain.entriesChecked},
                                       {QStringLiteral("broken_at"), *chain.firstBrokenSequence}});
        return ctx.fail(makeError(ErrorCode::StoreCorrupt,
                                  tr("audit chain broken at entry %1").arg(*chain.firstBrokenSequence)));
    }
    if (expected) {
        if (const int failed = checkHoldsHead(ctx, backend, chain, *expected); failed != ExitOk)
            return failed;
    }
    if (ctx.json()) {
        ctx.out().json(
            QJsonObject{{QStringLiteral("intact"), true},
                        {QStringLiteral("entries"), chain.entriesChecked},
                        {QStringLiteral("head_sequence"), chain.headSequence},
                        {QStringLiteral("head_hash"), QString::fromLatin1(chain.headHash.toHex())}});
    } else if (ctx.isSet(kHead)) {
        ctx.out().line(AuditHead{chain.headSequence, chain.headHash}.text());
    } else if (expected) {
        ctx.out().line(tr("audit chain intact (%1 entries), and it still holds the %2 %3")
                           .arg(chain.entriesChecked)
                           .arg(source)
                           .arg(expected->sequence));
    } else {
        ctx.out().line(tr("audit chain intact (%1 entries)").arg(chain.entriesChecked));
    }
    return ExitOk;
}

int AuditCommand::readExpectedHead(CliContext& ctx, std::optional<AuditHead>& expected, QString& source)
{
    if (ctx.isSet(kExpectHead) && ctx.isSet(kSignedHead))
        return ctx.usageError(tr("Give --expect-head or --signed-head, not both."));
    if (ctx.isSet(kSignedHead) != ctx.isSet(kKey))
        return ctx.usageError(
            tr("--signed-head and --key go together: the key checks the mail's signature."));
    if (ctx.isSet(kExpectHead)) {
        expected = AuditHead::parse(ctx.value(kExpectHead));
        if (!expected)
            return ctx.usageError(tr("--expect-head needs SEQ:HASH as 'audit --head' prints it, not '%1'")
                                      .arg(ctx.value(kExpectHead)));
        source = tr("exported head");
        return ExitOk;
    }
    if (!ctx.isSet(kSignedHead))
        return ExitOk;
    const std::optional<QString> mailed = readMailedText(ctx.value(kSignedHead));
    if (!mailed)
        return ctx.fail(
            makeError(ErrorCode::InvalidInput, tr("Cannot read %1.").arg(ctx.value(kSignedHead))));
    const Result<SignedAuditHead> block = SignedAuditHead::parseBlock(*mailed);
    if (!block)
        return ctx.fail(block.error());
    const Result<Secret> key = SignedAuditHead::loadKey(ctx.value(kKey));
    if (!key)
        return ctx.fail(key.error());
    if (!block->verify(*defaultCrypto(), key.value()))
        return ctx.fail(makeError(ErrorCode::InvalidInput,
                                  tr("The signature of the mailed audit head does not match the key %1: the "
                                     "block was changed, or another server's key signed it.")
                                      .arg(ctx.value(kKey))));
    expected = block->head;
    source = tr("head signed for %1 at %2 UTC, entry")
                 .arg(block->store, block->signedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    return ExitOk;
}

int AuditCommand::checkHoldsHead(CliContext& ctx, Backend& backend, const ChainReport& chain,
                                 const AuditHead& expected)
{
    std::optional<AuditHead> found;
    if (const std::optional<qint64> offset =
            AuditHeadCheck::newestFirstOffset(chain.headSequence, expected)) {
        AuditQuery query; // newest first
        query.offset = int(*offset);
        query.limit = 1;
        const Result<QList<AuditEntry>> entries = await(backend.audit(query));
        if (!entries)
            return ctx.fail(entries.error());
        if (!entries->isEmpty())
            found = AuditHead{entries->constFirst().sequence, entries->constFirst().hash};
    }
    const AuditHeadCheck check = AuditHeadCheck::of(chain.headSequence, expected, found);
    if (!check.holds())
        return ctx.fail(makeError(ErrorCode::StoreCorrupt, check.describe()));
    return ExitOk;
}

int AuditCommand::audit(CliContext& ctx)
{
    AuditQuery query;
    if (ctx.isSet(kToken)) {
        const std::optional<qint64> id = CliContext::parsePositive(ctx.value(kToken));
        if (!id)
            return ctx.usageError(tr("'%1' is not a token id").arg(ctx.value(kToken)));
        query.tokenId = *id;
    }
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    if (ctx.isSet(kVerify) || ctx.isSet(kHead) || ctx.isSet(kExpectHead) || ctx.isSet(kSignedHead))
        return verifyChain(ctx, *backend.value());
    QList<AuditEntry> entries;
    constexpr int kPage = 1000;
    for (query.limit = kPage;; query.offset += kPage) {
        const Result<QList<AuditEntry>> page = await(backend.value()->audit(query));
        if (!page)
            return ctx.fail(page.error());
        entries << page.value();
        if (page.value().size() < kPage)
            break;
    }

    if (ctx.json()) {
        QJsonArray array;
        for (const AuditEntry& entry : entries)
            array.append(CliOutput::auditJson(entry));
        ctx.out().json(array);
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const AuditEntry& entry : entries) {
        rows << QStringList{QString::number(entry.sequence),
                            CliOutput::displayTime(entry.at, QString()),
                            entry.actor,
                            entry.action,
                            entry.tokenId != 0 ? QString::number(entry.tokenId) : QString(),
                            entry.label,
                            entry.masked,
                            entry.detail};
    }
    ctx.out().table({tr("SEQ"), tr("TIME"), tr("ACTOR"), tr("ACTION"), tr("TOKEN ID"), tr("LABEL"),
                     tr("MASKED"), tr("DETAIL")},
                    rows);
    return ExitOk;
}

QList<CliCommand> AuditCommand::all()
{
    return {CliCommand{
        {QStringLiteral("audit")},
        QStringLiteral(
            "[--verify] [--token ID] [--head] [--expect-head SEQ:HASH | --signed-head MAIL --key FILE]"),
        tr("Show the audit history, or check its hash chain."),
        {},
        {QCommandLineOption(kVerify, tr("Check the hash chain instead of listing entries.")),
         QCommandLineOption(kToken, tr("Only entries about this token."), tr("ID")),
         QCommandLineOption(kHead,
                            tr("Check the chain and print its head (SEQ:HASH) to keep outside the store.")),
         QCommandLineOption(kExpectHead,
                            tr("Check the chain and fail unless it still holds this head, printed earlier by "
                               "--head: entries cut off the end or rewritten show."),
                            tr("SEQ:HASH")),
         QCommandLineOption(kSignedHead,
                            tr("Check the chain and fail unless it still holds the head in this mail from "
                               "the server (a file holding the mail or its block; - reads stdin), and the "
                               "mail's signature is the server's."),
                            tr("MAIL")),
         QCommandLineOption(kKey, tr("The server's audit head key (its --audit-head-key) for --signed-head."),
                            tr("FILE"))},
        audit}};
}

} // namespace tokendesk::cli
