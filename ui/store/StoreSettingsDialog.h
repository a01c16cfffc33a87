// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"
#include "models/core/LifetimePolicy.h"

#include <QDialog>

#include <memory>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tokendesk::ui {

class ErrorLabel;
class LifetimeCombo;

// The store's own settings, which hold for every user of it: how many tokens each user may
// create, and per role the lifetime policy (a default lifetime and a maximum). Loads both from
// the backend, and on Save sends only what changed; the backend checks the policy again, and its
// refusal (naming the limit) is shown in the dialog, which stays open. Non-admins see the
// settings read-only.
class StoreSettingsDialog : public QDialog
{
    Q_OBJECT

public:
    StoreSettingsDialog(std::shared_ptr<Backend> backend, bool canChange, QWidget* parent = nullptr);

    bool isLoaded() const
    {
        return m_loadedLimit.has_value() && m_loadedPolicy.has_value() && m_retentionLoaded &&
               m_loadedWarnings.has_value();
    }
    // The policy as the fields now stand.
    LifetimePolicy policy() const;

Q_SIGNALS:
    // Emitted once the backend took the changes, before the dialog closes; `summary` says what
    // changed ("Store settings saved: …").
    void saved(const QString& summary);

private:
    struct RoleFields
    {
        LifetimeCombo* defaultLifetime = nullptr;
        LifetimeCombo* maximum = nullptr;
    };

    QWidget* makeRoleGroup(Role role, RoleFields& fields);
    void load();
    void showLoaded();
    void save();
    void saveLimitThenPolicy(const LifetimePolicy& policy);
    void savePolicy(const LifetimePolicy& policy);
    void saveRetention();
    void saveWarnings();
    void finishSaving();
    std::optional<int> retention() const; // days, as the field stands
    void setBusy(bool busy);
    void failed(const Error& error);

    std::shared_ptr<Backend> m_backend;
    const bool m_canChange;
    QSpinBox* m_tokenLimit = nullptr;
    LifetimeCombo* m_retention = nullptr;
    QLineEdit* m_warnings = nullptr;
    RoleFields m_developer;
    RoleFields m_admin;
    QLabel* m_readOnlyNote = nullptr;
    ErrorLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_save = nullptr;
    std::optional<int> m_loadedLimit;
    std::optional<LifetimePolicy> m_loadedPolicy;
    bool m_retentionLoaded = false;
    std::optional<int> m_loadedRetention; // days; nullopt: for ever
    std::optional<QList<int>> m_loadedWarnings;
    QList<int> m_chosenWarnings; // as save() read the field
    QStringList m_saved;         // what this dialog's saves changed so far (kept when a later part fails)
};

} // namespace tokendesk::ui
