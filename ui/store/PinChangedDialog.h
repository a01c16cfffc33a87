// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMessageBox>

class QPushButton;
class QSslCertificate;

namespace tokendesk::ui {

// Shown when a server whose certificate the user pinned presents another one: that is what an
// attacker in the middle looks like, and also what a routine renewal looks like, so the user
// compares both SHA-256 fingerprints (and subject, expiry) with what the administrator says.
// Cancel is the default button; only "Replace Pin and Connect" replaces the pin.
class PinChangedDialog : public QMessageBox
{
    Q_OBJECT

public:
    PinChangedDialog(const QString& host, const QByteArray& pinnedSha256, const QSslCertificate& presented,
                     QWidget* parent = nullptr);

    QPushButton* replaceButton() const { return m_replace; }
    bool replaceConfirmed() const;

private:
    QPushButton* m_replace;
};

} // namespace tokendesk::ui
