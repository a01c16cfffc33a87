// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/StoreSettingsDialog.h"

#include "models/core/Continuation.h"
#include "models/core/ExpiryThresholds.h"
#include "models/core/Formatting.h"
#include "ui/store/LifetimeCombo.h"
#include "ui/widgets/ErrorLabel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tokendesk::ui {

namespace {
// The backend's own bounds for the token limit (SqlBackend::setTokenLimit).
constexpr int kFewestTokens = 1;
constexpr int kMostTokens = 1000;
} // namespace

StoreSettingsDialog::StoreSettingsDialog(std::shared_ptr<Backend> backend, bool canChange, QWidget* parent)
    : QDialog(parent), m_backend(std::move(backend)), m_canChange(canChange)
{
    setObjectName(QStringLiteral("storeSettingsDialog"));
    setWindowTitle(tr("Store Settings"));
    setAccessibleName(tr("Store settings"));

    m_tokenLimit = new QSpinBox(this);
    m_tokenLimit->setObjectName(QStringLiteral("tokenLimitField"));
    m_tokenLimit->setAccessibleName(tr("Tokens each user may create"));
    m_tokenLimit->setRange(kFewestTokens, kMostTokens);
    m_retention = new LifetimeCombo(tr("For ever"), this);
    m_retention->setObjectName(QStringLiteral("inactiveRetentionField"));
    m_retention->setAccessibleName(tr("How long inactive tokens are kept"));
    m_retention->setToolTip(tr("How long View → Inactive Tokens lists a revoked or rotated-out token; older "
                               "entries are removed when you save. The audit trail keeps its entries."));
    m_warnings = new QLineEdit(this);
    m_warnings->setObjectName(QStringLiteral("expiryWarningsField"));
    m_warnings->setAccessibleName(tr("Days before expiry at which warnings go out"));
    m_warnings->setPlaceholderText(tr("None: no expiry warnings"));
    m_warnings->setToolTip(
        tr("Every admin and the token's creator are told once at each of these days before "
           "a token expires, such as 30, 7, 1 (at most %1)")
            .arg(ExpiryThresholds::kMost));
    auto* limitForm = new QFormLayout;
    limitForm->addRow(tr("&Tokens per user:"), m_tokenLimit);
    limitForm->addRow(tr("&Keep inactive tokens:"), m_retention);
    limitForm->addRow(tr("&Warn days before expiry:"), m_warnings);

    auto* policyNote =
        new QLabel(tr("A token's lifetime counts from when it is made or its expiry is changed. Tokens made "
                      "before a maximum was shortened keep their expiry; the token list's expiry filter "
                      "finds them."),
                   this);
    policyNote->setWordWrap(true);
    policyNote->setForegroundRole(QPalette::PlaceholderText);

    m_readOnlyNote = new QLabel(tr("Only admins can change the store's settings."), this);
    m_readOnlyNote->setObjectName(QStringLiteral("readOnlyNote"));
    m_readOnlyNote->setVisible(!m_canChange);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    m_save = m_buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setAccessibleName(tr("Save the store settings"));
    m_save->setDefault(true);
    m_save->setEnabled(false); // until loaded
    m_error = new ErrorLabel(m_save, this);
    m_error->setObjectName(QStringLiteral("settingsError"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(limitForm);
    layout->addWidget(makeRoleGroup(Role::Developer, m_developer));
    layout->addWidget(makeRoleGroup(Role::Admin, m_admin));
    layout->addWidget(policyNote);
    layout->addWidget(m_readOnlyNote);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &StoreSettingsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(440);
    setBusy(true);
    load();
}

QWidget* StoreSettingsDialog::makeRoleGroup(Role role, RoleFields& fields)
{
    const QString roleName = Formatting::roleText(role);
    auto* group = new QGroupBox(tr("%1 tokens").arg(roleName), this);
    const QString prefix = role == Role::Admin ? QStringLiteral("admin") : QStringLiteral("developer");
    fields.defaultLifetime = new LifetimeCombo(tr("Never expire"), group);
    fields.defaultLifetime->setObjectName(prefix + QStringLiteral("DefaultLifetime"));
    fields.defaultLifetime->setAccessibleName(tr("Default lifetime of %1 tokens").arg(roleName));
    fields.defaultLifetime->setToolTip(
        tr("What a new token gets when its creator does not choose an expiry"));
    fields.maximum = new LifetimeCombo(tr("No maximum"), group);
    fields.maximum->setObjectName(prefix + QStringLiteral("MaximumLifetime"));
    fields.maximum->setAccessibleName(tr("Maximum lifetime of %1 tokens").arg(roleName));
    fields.maximum->setToolTip(tr("The furthest from now any expiry may lie; with a maximum, no token "
                                  "of this role may be made to never expire"));
    auto* form = new QFormLayout(group);
    form->addRow(tr("&Default lifetime:"), fields.defaultLifetime);
    form->addRow(tr("&Maximum lifetime:"), fields.maximum);
    return group;
}

void StoreSettingsDialog::load()
{
    whenDone(m_backend->tokenLimit(), this, [this](Result<int> limit) {
        if (!limit.ok())
            return failed(limit.error());
        m_loadedLimit = limit.value();
        showLoaded();
    });
    whenDone(m_backend->lifetimePolicy(), this, [this](Result<LifetimePolicy> policy) {
        if (!policy.ok())
            return failed(policy.error());
        m_loadedPolicy = policy.value();
        showLoaded();
    });
    whenDone(m_backend->inactiveRetention(), this, [this](Result<std::optional<int>> days) {
        if (!days.ok())
            return failed(days.error());
        m_loadedRetention = days.value();
        m_retentionLoaded = true;
        showLoaded();
    });
    whenDone(m_backend->expiryWarningDays(), this, [this](Result<QList<int>> days) {
        if (!days.ok())
            return failed(days.error());
        m_loadedWarnings = days.value();
        showLoaded();
    });
}

void StoreSettingsDialog::showLoaded()
{
    if (!isLoaded())
        return;
    m_tokenLimit->setValue(*m_loadedLimit);
    m_warnings->setText(
        m_loadedWarnings->isEmpty()
            ? QString()
            : ExpiryThresholds::compact(*m_loadedWarnings).replace(u',', QStringLiteral(", ")));
    m_retention->setLifetime(m_loadedRetention
                                 ? std::optional(std::chrono::seconds(std::chrono::days(*m_loadedRetention)))
                                 : std::nullopt);
    for (Role role : {Role::Developer, Role::Admin}) {
        RoleFields& fields = role == Role::Admin ? m_admin : m_developer;
        fields.defaultLifetime->setLifetime(m_loadedPolicy->forRole(role).defaultLifetime);
        fields.maximum->setLifetime(m_loadedPolicy->forRole(role).maximum);
    }
    setBusy(false);
}

LifetimePolicy StoreSettingsDialog::policy() const
{
    LifetimePolicy policy;
    policy.developer = {m_developer.defaultLifetime->lifetime(), m_developer.maximum->lifetime()};
    policy.admin = {m_admin.defaultLifetime->lifetime(), m_admin.maximum->lifetime()};
    return policy;
}

void StoreSettingsDialog::save()
{
    m_error->clearError();
    const LifetimePolicy chosen = policy();
    // The same rules the backend applies, checked here so the answer is immediate.
    if (auto valid = chosen.validate(); !valid.ok())
        return m_error->setError(valid.error().message);
    const QString warningText = m_warnings->text().trimmed();
    auto warnings =
        warningText.isEmpty() ? Result<QList<int>>(QList<int>{}) : ExpiryThresholds::parse(warningText);
    if (!warnings.ok())
        return m_error->setError(warnings.error().message);
    m_chosenWarnings = warnings.value();
    if (m_tokenLimit->value() == *m_loadedLimit && chosen == *m_loadedPolicy &&
        retention() == m_loadedRetention && m_chosenWarnings == *m_loadedWarnings)
        return reject(); // nothing changed, nothing written
    setBusy(true);
    saveLimitThenPolicy(chosen);
}

void StoreSettingsDialog::saveLimitThenPolicy(const LifetimePolicy& policy)
{
    const int limit = m_tokenLimit->value();
    if (limit == *m_loadedLimit)
        return savePolicy(policy);
    whenDone(m_backend->setTokenLimit(limit), this, [this, policy](Result<int> saved) {
        if (!saved.ok())
            return failed(saved.error());
        m_loadedLimit = saved.value();
        m_saved << tr("%n token(s) per user", "", saved.value());
        savePolicy(policy);
    });
}

void StoreSettingsDialog::savePolicy(const LifetimePolicy& policy)
{
    if (policy == *m_loadedPolicy)
        return saveRetention();
    whenDone(m_backend->setLifetimePolicy(policy), this, [this](Result<LifetimePolicy> saved) {
        if (!saved.ok())
            return failed(saved.error());
        m_loadedPolicy = saved.value();
        m_saved << tr("the lifetime policy");
        saveRetention();
    });
}

void StoreSettingsDialog::saveRetention()
{
    const std::optional<int> days = retention();
    if (days == m_loadedRetention)
        return saveWarnings();
    whenDone(m_backend->setInactiveRetention(days), this, [this](Result<std::optional<int>> saved) {
        if (!saved.ok())
            return failed(saved.error());
        m_loadedRetention = saved.value();
        m_saved << (saved.value() ? tr("inactive tokens kept %n day(s)", "", *saved.value())
                                  : tr("inactive tokens kept for ever"));
        saveWarnings();
    });
}

void StoreSettingsDialog::saveWarnings()
{
    if (m_chosenWarnings == *m_loadedWarnings)
        return finishSaving();
    whenDone(m_backend->setExpiryWarningDays(m_chosenWarnings), this, [this](Result<QList<int>> saved) {
        if (!saved.ok())
            return failed(saved.error());
        m_loadedWarnings = saved.value();
        m_saved << (saved->isEmpty()
                        ? tr("no expiry warnings")
                        : tr("expiry warnings %1 before").arg(ExpiryThresholds::text(saved.value())));
        finishSaving();
    });
}

std::optional<int> StoreSettingsDialog::retention() const
{
    const auto kept = m_retention->lifetime();
    if (!kept)
        return std::nullopt;
    return int(std::chrono::duration_cast<std::chrono::days>(*kept).count());
}

void StoreSettingsDialog::finishSaving()
{
    //: %1 lists what was saved, such as "5 tokens per user, the lifetime policy"
    Q_EMIT saved(tr("Store settings saved: %1.").arg(m_saved.join(tr(", "))));
    accept();
}

void StoreSettingsDialog::setBusy(bool busy)
{
    const bool editable = !busy && m_canChange;
    m_tokenLimit->setEnabled(editable);
    m_retention->setEnabled(editable);
    m_warnings->setReadOnly(!editable);
    for (LifetimeCombo* combo :
         {m_developer.defaultLifetime, m_developer.maximum, m_admin.defaultLifetime, m_admin.maximum})
        combo->setEnabled(editable);
    m_save->setEnabled(editable);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

void StoreSettingsDialog::failed(const Error& error)
{
    // What was saved before the failure stays saved, and the fields still show what was chosen.
    m_error->setError(error.message);
    setBusy(!isLoaded());
}

} // namespace tokendesk::ui
