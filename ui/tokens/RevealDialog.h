// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QDialog>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tokendesk::ui {

class Clipboard;

// The one and only time a token's plaintext is shown. The user must confirm they stored it
// before the dialog closes; closing wipes the secret from this object and from the field.
class RevealDialog : public QDialog
{
    Q_OBJECT

public:
    RevealDialog(const GeneratedToken& generated, Clipboard* clipboard, QWidget* parent = nullptr);
    ~RevealDialog() override;

    bool isWiped() const { return m_secret.isEmpty(); }
    // The eye in the field: checked while the token is shown (the default).
    QAction* toggleVisibleAction() const { return m_toggleVisible; }

public Q_SLOTS:
    void copy();
    void done(int result) override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void wipe();
    void showCountdown(int secondsLeft);
    void setSecretVisible(bool visible);

    Secret m_secret;
    Clipboard* m_clipboard;
    QLineEdit* m_field;
    QAction* m_toggleVisible;
    QPushButton* m_copy;
    QLabel* m_countdown;
    QCheckBox* m_stored;
    QPushButton* m_close;
};

} // namespace tokendesk::ui
