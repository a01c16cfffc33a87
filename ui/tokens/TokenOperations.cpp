// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/TokenOperations.h"

#include "models/core/RequestTracker.h"
#include "models/table/TokenTableModel.h"
#include "ui/tokens/DetailsDialog.h"
#include "ui/tokens/ExpiryDialog.h"
#include "ui/tokens/GenerateDialog.h"
#include "ui/tokens/RenameDialog.h"
#include "ui/tokens/RevealDialog.h"
#include "ui/tokens/RevokeDialog.h"
#include "ui/tokens/RotateDialog.h"
#include "ui/widgets/Banner.h"
#include "ui/widgets/Clipboard.h"

#include <QLocale>

namespace tokendesk::ui {

namespace {
template <typename Dialog> Dialog* prepare(Dialog* dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    return dialog;
}
} // namespace

TokenOperations::TokenOperations(TokenTableModel* model, Banner* banner, Clipboard* clipboard,
                                 QWidget* dialogParent)
    : QObject(dialogParent), m_model(model), m_banner(banner), m_clipboard(clipboard),
      m_dialogParent(dialogParent), m_requests(new RequestTracker(this))
{}

void TokenOperations::setBackend(std::shared_ptr<Backend> backend)
{
    m_backend = std::move(backend);
}

bool TokenOperations::isBusy() const
{
    return m_requests->isBusy();
}

void TokenOperations::showError(const Error& error)
{
    Q_EMIT failed(error);
    switch (error.code) {
    case ErrorCode::Conflict:
        m_banner->showMessage(Banner::Kind::Info, tr("Someone else changed this token; reloaded."));
        m_model->reload();
        break;
    case ErrorCode::NotFound:
        m_banner->showMessage(Banner::Kind::Info, tr("This token no longer exists; reloaded."));
        m_model->reload();
        Q_EMIT tokensChanged();
        break;
    default:
        m_banner->showMessage(Banner::Kind::Error, error.message);
        break;
    }
}

void TokenOperations::generate()
{
    if (!m_backend)
        return;
    // The choices of expiry follow the store's lifetime policy, so it is read first; a server
    // from before the policy answers with none, which offers everything.
    auto backend = m_backend;
    whenDone(backend->lifetimePolicy(), this, m_requests->start(),
             [this, backend](Result<LifetimePolicy> policy) {
                 if (!stillCurrent(backend))
                     return;
                 if (!policy.ok())
                     return showError(policy.error());
                 openGenerateDialog(policy.value());
             });
}

void TokenOperations::openGenerateDialog(const LifetimePolicy& policy)
{
    auto* dialog = prepare(new GenerateDialog(m_dialogParent));
    dialog->setLifetimePolicy(policy);
    QPointer<GenerateDialog> guard(dialog);
    connect(dialog, &GenerateDialog::generateRequested, this, [this, guard](const TokenSpec& spec) {
        auto backend = m_backend;
        guard->setBusy(true);
        // Guarded by this object, not the dialog: once the backend has made the token, its
        // secret must be revealed even if the dialog went away in the meantime.
        whenDone(backend->generate(spec), this, m_requests->start(),
                 [this, guard, backend](Result<GeneratedToken> generated) {
                     if (!generated.ok()) {
                         if (guard) {
                             guard->setBusy(false);
                             guard->showError(generated.error().message);
                         } else {
                             showError(generated.error());
                         }
                         return;
                     }
                     if (guard)
                         guard->accept();
                     if (stillCurrent(backend)) {
                         m_model->reload();
                         Q_EMIT tokensChanged();
                     }
                     reveal(generated.value());
                 });
    });
    dialog->open();
}

void TokenOperations::reveal(const GeneratedToken& generated)
{
    auto* dialog = prepare(new RevealDialog(generated, m_clipboard, m_dialogParent));
    const QString label = generated.token.label;
    connect(dialog, &QDialog::finished, this, [this, label] {
        m_banner->showMessage(Banner::Kind::Success, tr("Token '%1' created.").arg(label));
    });
    dialog->open();
}

void TokenOperations::applyChange(const Token& token, const QString& successMessage)
{
    m_model->updateToken(token);
    Q_EMIT tokenUpdated(token);
    m_banner->showMessage(Banner::Kind::Success, successMessage);
}

void TokenOperations::rename(const Token& token)
{
    if (!m_backend)
        return;
    auto* dialog = prepare(new RenameDialog(token, m_dialogParent));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Token old = dialog->token();
        const QString label = dialog->label();
        if (label == old.label)
            return;
        auto backend = m_backend;
        whenDone(backend->rename(old.id, old.version, label), this, m_requests->start(),
                 [this, backend, old](Result<Token> renamed) {
                     if (!stillCurrent(backend))
                         return;
                     if (!renamed.ok())
                         return showError(renamed.error());
                     applyChange(renamed.value(),
                                 tr("Token '%1' renamed to '%2'.").arg(old.label, renamed.value().label));
                 });
    });
    dialog->open();
}

void TokenOperations::changeExpiry(const Token& token)
{
    if (!m_backend)
        return;
    auto backend = m_backend;
    whenDone(backend->lifetimePolicy(), this, m_requests->start(),
             [this, backend, token](Result<LifetimePolicy> policy) {
                 if (!stillCurrent(backend))
                     return;
                 if (!policy.ok())
                     return showError(policy.error());
                 auto* dialog = prepare(new ExpiryDialog(token, policy.value(), m_dialogParent));
                 connect(dialog, &QDialog::accepted, this, [this, dialog] {
                     const Token old = dialog->token();
                     auto backend = m_backend;
                     whenDone(backend->setExpiry(old.id, old.version, dialog->expiresAt()), this,
                              m_requests->start(), [this, backend, old](Result<Token> changed) {
                                  if (!stillCurrent(backend))
                                      return;
                                  if (!changed.ok())
                                      return showError(changed.error());
                                  const QDateTime at = changed->expiresAt;
                                  applyChange(
                                      changed.value(),
                                      at.isValid()
                                          ? tr("Token '%1' now expires %2.")
                                                .arg(old.label, QLocale().toString(at.toLocalTime(),
                                                                                   QLocale::ShortFormat))
                                          : tr("Token '%1' now never expires.").arg(old.label));
                              });
                 });
                 dialog->open();
             });
}

void TokenOperations::editDetails(const Token& token)
{
    if (!m_backend)
        return;
    auto* dialog = prepare(new DetailsDialog(token, m_dialogParent));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Token old = dialog->token();
        const TokenDetails details = dialog->details();
        if (details == TokenDetails{old.description, old.tags})
            return;
        auto backend = m_backend;
        whenDone(backend->setDetails(old.id, old.version, details), this, m_requests->start(),
                 [this, backend, old](Result<Token> changed) {
                     if (!stillCurrent(backend))
                         return;
                     if (!changed.ok())
                         return showError(changed.error());
                     applyChange(changed.value(),
                                 tr("Description and tags of token '%1' saved.").arg(old.label));
                 });
    });
    dialog->open();
}

void TokenOperations::toggleEnabled(const Token& token)
{
    if (!m_backend)
        return;
    const bool enable = token.status == TokenStatus::Disabled;
    auto backend = m_backend;
    whenDone(backend->setEnabled(token.id, token.version, enable), this, m_requests->start(),
             [this, backend, enable](Result<Token> changed) {
                 if (!stillCurrent(backend))
                     return;
                 if (!changed.ok())
                     return showError(changed.error());
                 const QString label = changed.value().label;
                 applyChange(changed.value(), enable ? tr("Token '%1' enabled.").arg(label)
                                                     : tr("Token '%1' disabled.").arg(label));
             });
}

void TokenOperations::rotate(const Token& token)
{
    if (!m_backend)
        return;
    auto* dialog = prepare(new RotateDialog(token, m_dialogParent));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Token old = dialog->token();
        auto backend = m_backend;
        whenDone(backend->rotate(old.id, old.version, dialog->grace()), this, m_requests->start(),
                 [this, backend](Result<GeneratedToken> rotated) {
                     if (!rotated.ok()) {
                         if (stillCurrent(backend))
                             showError(rotated.error());
                         return;
                     }
                     if (stillCurrent(backend)) {
                         m_model->reload();
                         Q_EMIT tokensChanged();
                     }
                     reveal(rotated.value());
                 });
    });
    dialog->open();
}

void TokenOperations::revoke(const Token& token)
{
    if (!m_backend)
        return;
    auto* dialog = prepare(new RevokeDialog(token, m_dialogParent));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const Token old = dialog->token();
        auto backend = m_backend;
        whenDone(backend->revoke(old.id, old.version), this, m_requests->start(),
                 [this, backend, old](const Result<Unit>& revoked) {
                     if (!stillCurrent(backend))
                         return;
                     if (!revoked.ok())
                         return showError(revoked.error());
                     m_model->removeToken(old.id);
                     m_banner->showMessage(Banner::Kind::Success, tr("Token '%1' revoked.").arg(old.label));
                     Q_EMIT tokensChanged();
                 });
    });
    dialog->open();
}

void TokenOperations::copyMaskedId(const Token& token)
{
    m_clipboard->copyText(token.masked);
    m_banner->showMessage(Banner::Kind::Info, tr("Copied %1 to the clipboard.").arg(token.masked));
}

} // namespace tokendesk::ui
