// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Secret.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace tokendesk::ui {

// Where the console keeps the admin token of each server it connects to: the OS keychain
// through QtKeychain (the Secret Service / libsecret on Linux), never a plain file. Where no
// keychain service runs, the token is kept in memory for this session only, and save() says so
// in its answer so the user can be told.
//
// TOKENDESK_NO_KEYCHAIN=1 keeps everything in memory (the tests set it: they must neither depend
// on nor write to the developer's real keychain).
class ServerCredentials : public QObject
{
    Q_OBJECT
public:
    enum class Kept
    {
        InKeychain,
        ForThisSessionOnly,
    };

    explicit ServerCredentials(QObject* parent = nullptr);

    // `done` gets where the token ended up and, for ForThisSessionOnly, why (one sentence).
    void save(const QUrl& server, const Secret& token, std::function<void(Kept, QString why)> done);
    // The token saved for `server`, or nullopt.
    void load(const QUrl& server, std::function<void(std::optional<Secret>)> done);
    void forget(const QUrl& server);

    static bool keychainDisabled();

private:
    static QString keyFor(const QUrl& server);
    QHash<QString, Secret> m_sessionOnly;
};

} // namespace tokendesk::ui
