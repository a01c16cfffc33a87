// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/CliContext.h"

#include "models/core/StorePaths.h"

#include <QDir>
#include <QFileInfo>

namespace tokendesk::cli {

CliContext::CliContext(const CliCommand& command, const QCommandLineParser& parser, QStringList arguments,
                       GlobalOptions globals, CliOutput& output)
    : m_command(command), m_parser(parser), m_arguments(std::move(arguments)), m_globals(std::move(globals)),
      m_output(output)
{}

Result<std::shared_ptr<SqlBackend>> CliContext::openBackend()
{
    if (m_backend)
        return m_backend;
    const QString& path = m_globals.storePath;
    if (!m_globals.database && !QFileInfo::exists(path)) {
        if (m_globals.storeExplicit || path.isEmpty()) {
            return makeError(ErrorCode::StoreUnavailable,
                             tr("store %1 does not exist; create it with '%2 init --store %1 --admin NAME'")
                                 .arg(path, QCoreApplication::applicationName()));
        }
        return createDefaultStore();
    }
    Result<std::shared_ptr<SqlBackend>> opened = await(SqlBackend::open(path, m_globals.actor));
    if (opened)
        m_backend = opened.value();
    return opened;
}

Result<Token> CliContext::currentToken(TokenId id)
{
    const Result<std::shared_ptr<SqlBackend>> backend = openBackend();
    if (!backend)
        return backend.error();
    return await(backend.value()->get(id));
}

Result<std::shared_ptr<SqlBackend>> CliContext::createDefaultStore()
{
    const QString& path = m_globals.storePath;
    const QString parent = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(parent))
        return makeError(ErrorCode::StoreUnavailable, tr("cannot create the directory %1").arg(parent));

    StoreCreateOptions options;
    options.firstAdmin = StorePaths::osLoginName();
    Result<std::shared_ptr<SqlBackend>> created = await(SqlBackend::create(path, options));
    if (!created) {
        // Another process may have created it in between; then it is simply there to open.
        if (created.code() == ErrorCode::AlreadyExists && QFileInfo::exists(path))
            return openBackend();
        return created;
    }
    m_output.note(
        tr("note: created a new store at %1 with %2 as its first admin").arg(path, options.firstAdmin));
    m_backend =
        m_globals.actor == options.firstAdmin ? created.value() : created.value()->withActor(m_globals.actor);
    return m_backend;
}

int CliContext::fail(const Error& error)
{
    m_output.error(error);
    return ExitError;
}

int CliContext::usageError(const QString& message)
{
    m_output.usageError(message, m_command.usageLine(), m_command.name() + QStringLiteral(" --help"));
    return ExitUsage;
}

std::optional<qint64> CliContext::parseNumber(const QString& text)
{
    // Plain ASCII digits only: toLongLong alone also takes a sign, surrounding spaces and digits
    // of other scripts, and a lenient parser turns a typo into a different number.
    constexpr qsizetype kMaxDigits = 18; // below qint64's 19, so no value overflows
    if (text.isEmpty() || text.size() > kMaxDigits)
        return std::nullopt;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    return text.toLongLong();
}

std::optional<qint64> CliContext::parsePositive(const QString& text)
{
    const std::optional<qint64> value = parseNumber(text);
    if (!value || *value <= 0)
        return std::nullopt;
    return value;
}

std::optional<TokenId> CliContext::tokenIdArgument(qsizetype index)
{
    const QString text = m_arguments.value(index);
    std::optional<qint64> id = parsePositive(text);
    if (!id)
        usageError(tr("'%1' is not a token id (a positive number, as shown by 'list')").arg(text));
    return id;
}

} // namespace tokendesk::cli
