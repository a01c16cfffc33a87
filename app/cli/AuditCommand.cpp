// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/AuditCommand.h"

#include "app/cli/CliContext.h"
#include "app/cli/CliOutput.h"
#include "models/core/AuditHead.h"

#include <QJsonArray>

namespace tokendesk::cli {

namespace {

const QString kVerify = QStringLiteral("verify");
const QString kToken = QStringLiteral("token");
const QString kHead = QStringLiteral("head");
const QString kExpectHead = QStringLiteral("expect-head");

} // namespace

int AuditCommand::verifyChain(CliContext& ctx, Backend& backend)
{
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
    if (ctx.isSet(kExpectHead)) {
        if (const int failed = checkExpectedHead(ctx, backend, chain); failed != ExitOk)
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
    } else if (ctx.isSet(kExpectHead)) {
        ctx.out().line(tr("audit chain intact (%1 entries), and it still holds the exported head %2")
                           .arg(chain.entriesChecked)
                           .arg(ctx.value(kExpectHead).section(u':', 0, 0)));
    } else {
        ctx.out().line(tr("audit chain intact (%1 entries)").arg(chain.entriesChecked));
    }
    return ExitOk;
}

int AuditCommand::checkExpectedHead(CliContext& ctx, Backend& backend, const ChainReport& chain)
{
    const std::optional<AuditHead> expected = AuditHead::parse(ctx.value(kExpectHead));
    if (!expected)
        return ctx.usageError(tr("--expect-head needs SEQ:HASH as 'audit --head' prints it, not '%1'")
                                  .arg(ctx.value(kExpectHead)));
    std::optional<AuditHead> found;
    if (const std::optional<qint64> offset =
            AuditHeadCheck::newestFirstOffset(chain.headSequence, *expected)) {
        AuditQuery query; // newest first
        query.offset = int(*offset);
        query.limit = 1;
        const Result<QList<AuditEntry>> entries = await(backend.audit(query));
        if (!entries)
            return ctx.fail(entries.error());
        if (!entries->isEmpty())
            found = AuditHead{entries->constFirst().sequence, entries->constFirst().hash};
    }
    const AuditHeadCheck check = AuditHeadCheck::of(chain.headSequence, *expected, found);
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
    if (ctx.isSet(kVerify) || ctx.isSet(kHead) || ctx.isSet(kExpectHead))
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
        QStringLiteral("[--verify] [--token ID] [--head] [--expect-head SEQ:HASH]"),
        tr("Show the audit history, or check its hash chain."),
        {},
        {QCommandLineOption(kVerify, tr("Check the hash chain instead of listing entries.")),
         QCommandLineOption(kToken, tr("Only entries about this token."), tr("ID")),
         QCommandLineOption(kHead,
                            tr("Check the chain and print its head (SEQ:HASH) to keep outside the store.")),
         QCommandLineOption(kExpectHead,
                            tr("Check the chain and fail unless it still holds this head, printed earlier by "
                               "--head: entries cut off the end or rewritten show."),
                            tr("SEQ:HASH"))},
        audit}};
}

} // namespace tokendesk::cli
