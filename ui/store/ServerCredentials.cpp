// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/ServerCredentials.h"

#include <qt6keychain/keychain.h>

namespace tokendesk::ui {

namespace {

const QString kService = QStringLiteral("TokenDesk");

} // namespace

ServerCredentials::ServerCredentials(QObject* parent) : QObject(parent) {}

bool ServerCredentials::keychainDisabled()
{
    return qEnvironmentVariableIntValue("TOKENDESK_NO_KEYCHAIN") == 1;
}

QString ServerCredentials::keyFor(const QUrl& server)
{
    return server.toString(QUrl::StripTrailingSlash);
}

void ServerCredentials::save(const QUrl& server, const Secret& token, std::function<void(Kept, QString)> done)
{
    const QString key = keyFor(server);
    m_sessionOnly.insert(key, token); // also answers load() until the keychain has it
    if (keychainDisabled()) {
        done(Kept::ForThisSessionOnly, tr("the keychain is turned off (TOKENDESK_NO_KEYCHAIN)"));
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(kService, this);
    job->setKey(key);
    job->setInsecureFallback(false); // never a plaintext settings file
    job->setBinaryData(token.view().toByteArray());
    connect(job, &QKeychain::Job::finished, this,
            [this, key, done = std::move(done)](QKeychain::Job* finished) {
                if (finished->error() == QKeychain::NoError) {
                    m_sessionOnly.remove(key);
                    done(Kept::InKeychain, QString());
                } else {
                    done(Kept::ForThisSessionOnly, finished->errorString());
                }
            });
    job->start();
}

void ServerCredentials::load(const QUrl& server, std::function<void(std::optional<Secret>)> done)
{
    const QString key = keyFor(server);
    if (auto kept = m_sessionOnly.constFind(key); kept != m_sessionOnly.cend()) {
        done(*kept);
        return;
    }
    if (keychainDisabled()) {
        done(std::nullopt);
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(key);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job* finished) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(finished);
        if (read->error() != QKeychain::NoError) {
            done(std::nullopt);
            return;
        }
        QByteArray bytes = read->binaryData();
        Secret token(bytes);
        secureWipe(bytes);
        done(token);
    });
    job->start();
}

void ServerCredentials::forget(const QUrl& server)
{
    const QString key = keyFor(server);
    m_sessionOnly.remove(key);
    if (keychainDisabled())
        return;
    auto* job = new QKeychain::DeletePasswordJob(kService, this);
    job->setKey(key);
    job->setInsecureFallback(false);
    job->start();
}

} // namespace tokendesk::ui
