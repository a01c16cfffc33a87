// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/RevealDialog.h"

#include "ui/widgets/Clipboard.h"
#include "ui/widgets/Icons.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace tokendesk::ui {

RevealDialog::RevealDialog(const GeneratedToken& generated, Clipboard* clipboard, QWidget* parent)
    : QDialog(parent), m_secret(generated.secret), m_clipboard(clipboard)
{
    setObjectName(QStringLiteral("revealDialog"));
    setWindowTitle(tr("Your New Token"));
    setAccessibleName(tr("Your new token"));

    auto* heading = new QLabel(tr("Token '%1' was created.").arg(generated.token.label), this);
    heading->setObjectName(QStringLiteral("revealHeading"));
    heading->setTextFormat(Qt::PlainText);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    heading->setFont(headingFont);

    auto* warningIcon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    warningIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    auto* warning = new QLabel(tr("Copy it now and keep it somewhere safe, such as a password manager or "
                                  "your CI's secret store. It will not be shown again: TokenDesk keeps only "
                                  "a fingerprint of it."),
                               this);
    warning->setObjectName(QStringLiteral("revealWarning"));
    warning->setWordWrap(true);
    auto* warningRow = new QHBoxLayout;
    warningRow->addWidget(warningIcon, 0, Qt::AlignTop);
    warningRow->addWidget(warning, 1);

    m_field = new QLineEdit(this);
    m_field->setObjectName(QStringLiteral("secretField"));
    m_field->setReadOnly(true);
    m_field->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_field->setAccessibleName(tr("New token"));
    m_field->setContextMenuPolicy(Qt::NoContextMenu); // its Copy would bypass the sensitive clipboard
    m_field->setDragEnabled(false);
    m_field->installEventFilter(this);
    {
        QString text = m_secret.exposeAsString();
        m_field->setText(text);
        // Wide enough for the whole token next to the eye button, however long the format makes it.
        const int textWidth = std::max(m_field->fontMetrics().horizontalAdvance(text),
                                       m_field->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 44);
        m_field->setMinimumWidth(textWidth + m_field->fontMetrics().height() * 3);
        secureWipe(text);
    }
    m_field->setCursorPosition(0); // show the start ("tdk_…") if the window is narrower after all

    // Shown by default, since the point of this dialog is to copy it; the eye hides it from
    // someone looking over the shoulder. The shortcut works while the field has focus only
    // (KeePassXC's PasswordWidget does the same), so Ctrl+H means nothing elsewhere.
    m_toggleVisible = new QAction(this);
    m_toggleVisible->setObjectName(QStringLiteral("toggleSecretVisibleAction"));
    m_toggleVisible->setCheckable(true);
    m_toggleVisible->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    m_toggleVisible->setShortcutContext(Qt::WidgetShortcut);
    m_field->addAction(m_toggleVisible, QLineEdit::TrailingPosition);
    connect(m_toggleVisible, &QAction::toggled, this, &RevealDialog::setSecretVisible);
    m_toggleVisible->setChecked(true);

    m_copy = new QPushButton(Icons::icon(QStringLiteral("copy")), tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyButton"));
    m_copy->setAccessibleName(tr("Copy token"));
    m_copy->setToolTip(tr("Copy the token; the clipboard is cleared after %n second(s)", "",
                          Clipboard::kDefaultClearSeconds));
    auto* fieldRow = new QHBoxLayout;
    fieldRow->addWidget(m_field, 1);
    fieldRow->addWidget(m_copy);

    m_countdown = new QLabel(this);
    m_countdown->setObjectName(QStringLiteral("clipboardCountdown"));
    m_countdown->setAccessibleName(tr("Clipboard status"));

    m_stored = new QCheckBox(tr("I have &stored it"), this);
    m_stored->setObjectName(QStringLiteral("storedCheck"));
    m_stored->setAccessibleName(tr("I have stored it"));

    auto* buttons = new QDialogButtonBox(this);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("closeButton"));
    m_close->setAccessibleName(tr("Close"));
    m_close->setEnabled(false);
    m_close->setToolTip(tr("Confirm that you have stored the token first"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(warningRow);
    layout->addLayout(fieldRow);
    layout->addWidget(m_countdown);
    layout->addWidget(m_stored);
    layout->addWidget(buttons);

    connect(m_copy, &QPushButton::clicked, this, &RevealDialog::copy);
    connect(m_stored, &QCheckBox::toggled, m_close, &QPushButton::setEnabled);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_clipboard, &Clipboard::countdown, this, &RevealDialog::showCountdown);

    m_copy->setFocus();
}

RevealDialog::~RevealDialog()
{
    wipe();
}

void RevealDialog::copy()
{
    if (m_secret.isEmpty())
        return;
    m_clipboard->copySecret(m_secret);
}

void RevealDialog::showCountdown(int secondsLeft)
{
    if (secondsLeft <= 0) {
        m_countdown->setText(m_countdown->text().isEmpty() ? QString() : tr("Clipboard cleared."));
        return;
    }
    m_countdown->setText(tr("Copied. The clipboard will be cleared in %n second(s).", "", secondsLeft));
}

void RevealDialog::setSecretVisible(bool visible)
{
    // The field lays out a copy of its text of its own; switching to dots drops that copy, so it
    // is held here and overwritten once the field has let go of it.
    QString shown = m_field->displayText();
    m_field->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    wipeShared(shown);
    // The icon shows the state, the text says what a click does (it is also the trailing
    // button's accessible name).
    m_toggleVisible->setIcon(Icons::icon(visible ? QStringLiteral("eye") : QStringLiteral("eye-off")));
    m_toggleVisible->setText(visible ? tr("Hide token") : tr("Show token"));
    const QString shortcut = m_toggleVisible->shortcut().toString(QKeySequence::NativeText);
    m_toggleVisible->setToolTip(tr("%1 (%2)").arg(m_toggleVisible->text(), shortcut));
    m_field->setAccessibleDescription(
        visible
            ? tr("Secret, shown. The full token; it will not be shown again. %1 hides it.").arg(shortcut)
            : tr("Secret, hidden. The full token; it will not be shown again. %1 shows it.").arg(shortcut));
}

void RevealDialog::done(int result)
{
    // Escape and the window's close button end up here too: nobody leaves without confirming.
    if (!m_stored->isChecked())
        return;
    wipe();
    QDialog::done(result);
}

void RevealDialog::closeEvent(QCloseEvent* event)
{
    if (!m_stored->isChecked()) {
        event->ignore();
        return;
    }
    QDialog::closeEvent(event);
}

bool RevealDialog::eventFilter(QObject* watched, QEvent* event)
{
    // Ctrl+C in the field goes through the sensitive clipboard, like the Copy button.
    if (watched == m_field && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy)) {
        copy();
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

// The Secret overwrites its own buffer. The field keeps two copies (its text, and the laid-out
// text it draws): both are held here while the field is cleared, then overwritten in place.
void RevealDialog::wipe()
{
    m_secret.wipe();
    QString text = m_field->text();
    QString shown = m_field->displayText();
    m_field->clear();
    wipeShared(text);
    wipeShared(shown);
    m_copy->setEnabled(false);
    m_toggleVisible->setEnabled(false);
}

} // namespace tokendesk::ui
