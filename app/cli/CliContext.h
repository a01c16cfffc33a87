// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"
#include "app/cli/CliOutput.h"
#include "models/backend/sql/SqlBackend.h"
#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFuture>
#include <QStringList>

#include <memory>
#include <optional>

namespace tokendesk::cli {

// The options every command accepts, resolved once by CliApplication.
struct GlobalOptions
{
    QString storePath;
    bool storeExplicit = false; // from --store, --db or TOKENDESK_STORE: never created implicitly
    bool database = false;      // --db: storePath is a postgresql:// URL, not a file
    QString actor;
    bool json = false;
};

// Blocks until the backend has answered. Fine in a CLI: there is no event loop to keep alive.
template <typename T> Result<T> await(QFuture<Result<T>> future)
{
    future.waitForFinished();
    if (future.isCanceled() || future.resultCount() == 0)
        return makeError(ErrorCode::Internal,
                         QCoreApplication::translate("CliContext", "the operation was cancelled"));
    return future.result();
}

// What a command handler gets: its parsed options and arguments, the output, and the store.
class CliContext
{
    Q_DECLARE_TR_FUNCTIONS(CliContext)

public:
    CliContext(const CliCommand& command, const QCommandLineParser& parser, QStringList arguments,
               GlobalOptions globals, CliOutput& output);

    const CliCommand& command() const { return m_command; }
    // Positional arguments after the command words.
    const QStringList& arguments() const { return m_arguments; }
    bool isSet(const QString& option) const { return m_parser.isSet(option); }
    QString value(const QString& option) const { return m_parser.value(option); }
    QStringList values(const QString& option) const { return m_parser.values(option); } // repeated option
    const GlobalOptions& globals() const { return m_globals; }
    bool json() const { return m_globals.json; }
    CliOutput& out() { return m_output; }

    // Opens the store acting as --as. The default store (no --store, no TOKENDESK_STORE) is
    // created on first use with the OS user as its first admin, as the GUI does; any other
    // missing store is STORE_UNAVAILABLE. The backend lives as long as this context.
    Result<std::shared_ptr<SqlBackend>> openBackend();
    // Opens the store and reads token `id` as this invocation sees it: a change sent with that
    // version is a CONFLICT when someone else changed the token in between.
    Result<Token> currentToken(TokenId id);
    // The store opened by openBackend() or currentToken(), which must have succeeded.
    SqlBackend& backend() const { return *m_backend; }

    // Print and return the exit status, so handlers can `return ctx.fail(...)`.
    int fail(const Error& error);
    int usageError(const QString& message);

    // A number written as plain ASCII digits (at most 18 of them); nullopt for anything else.
    static std::optional<qint64> parseNumber(const QString& text);
    // The same, above zero; nullopt is a usage error for the caller to report.
    static std::optional<qint64> parsePositive(const QString& text);
    // The token id in positional argument `index`; reports the usage error itself.
    std::optional<TokenId> tokenIdArgument(qsizetype index);

private:
    Result<std::shared_ptr<SqlBackend>> createDefaultStore();

    const CliCommand& m_command;
    const QCommandLineParser& m_parser;
    QStringList m_arguments;
    GlobalOptions m_globals;
    CliOutput& m_output;
    std::shared_ptr<SqlBackend> m_backend;
};

} // namespace tokendesk::cli
