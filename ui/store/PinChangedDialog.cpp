// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/PinChangedDialog.h"

#include "models/core/Formatting.h"

#include <QCryptographicHash>
#include <QLocale>
#include <QPushButton>
#include <QSslCertificate>

namespace tokendesk::ui {

PinChangedDialog::PinChangedDialog(const QString& host, const QByteArray& pinnedSha256,
                                   const QSslCertificate& presented, QWidget* parent)
    : QMessageBox(QMessageBox::Warning, tr("Server Certificate Changed"),
                  tr("The certificate of %1 is not the one you accepted before.").arg(host),
                  QMessageBox::Cancel, parent)
{
    setObjectName(QStringLiteral("pinChangedDialog"));
    setAccessibleName(tr("Server certificate changed"));
    const QByteArray presentedSha256 = presented.digest(QCryptographicHash::Sha256);
    const QString subject = presented.subjectInfo(QSslCertificate::CommonName).join(QStringLiteral(", "));
    const QString expiry = QLocale().toString(presented.expiryDate(), QLocale::ShortFormat);
    setInformativeText(
        tr("This happens when the certificate was renewed, and also when someone is intercepting the "
           "connection. Nothing has been sent to the server.\n\n"
           "Accepted before (SHA-256):\n%1\n\n"
           "Presented now (SHA-256):\n%2\n"
           "Issued to %3, valid until %4.\n\n"
           "Replace the accepted certificate only if the server's administrator confirms the new "
           "fingerprint.")
            .arg(Formatting::fingerprint(pinnedSha256), Formatting::fingerprint(presentedSha256), subject,
                 expiry));
    // The fingerprints must be comparable character by character and copyable.
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    QAbstractButton* cancel = button(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("keepPinButton"));
    cancel->setAccessibleName(tr("Cancel, keep the accepted certificate"));
    m_replace = addButton(tr("&Replace Pin and Connect"), QMessageBox::AcceptRole);
    m_replace->setObjectName(QStringLiteral("replacePinButton"));
    m_replace->setAccessibleName(tr("Replace the accepted certificate and connect"));
    setDefaultButton(QMessageBox::Cancel); // Enter must not accept an unexpected certificate
    setEscapeButton(QMessageBox::Cancel);
}

bool PinChangedDialog::replaceConfirmed() const
{
    return clickedButton() == m_replace;
}

} // namespace tokendesk::ui
