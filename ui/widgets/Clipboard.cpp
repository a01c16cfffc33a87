// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/Clipboard.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QMimeData>
#include <QPointer>
#include <QTimer>

namespace tokendesk::ui {

namespace {

// The clipboard owns its data and frees it when the text is replaced or cleared: the characters
// are overwritten then, rather than left in freed memory.
class SensitiveMimeData : public QMimeData
{
public:
    explicit SensitiveMimeData(const QString& text)
    {
        // A buffer of its own: the other mode's data must not be wiped with this one.
        setText(QString(text.constData(), text.size()));
        // KDE Klipper, and clipboard managers that follow it, skip history for this hint.
        setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    }
    ~SensitiveMimeData() override
    {
        QString held = text();
        wipeShared(held);
    }
    Q_DISABLE_COPY_MOVE(SensitiveMimeData)
};

QMimeData* sensitiveMimeData(const QString& text)
{
    return new SensitiveMimeData(text);
}

} // namespace

Clipboard* Clipboard::instance()
{
    static QPointer<Clipboard> clipboard;
    if (!clipboard)
        clipboard = new Clipboard(QCoreApplication::instance());
    return clipboard;
}

Clipboard::Clipboard(QObject* parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &Clipboard::tick);
    connect(qApp, &QCoreApplication::aboutToQuit, this, &Clipboard::clearIfOwned);
}

// By the time the application object is destroyed the system clipboard is gone; aboutToQuit
// already cleared it, so only our copy of the secret is left to wipe.
Clipboard::~Clipboard()
{
    m_secret.wipe();
}

void Clipboard::copySecret(const Secret& secret, int clearAfterSeconds)
{
    QClipboard* clipboard = QGuiApplication::clipboard();
    QString text = secret.exposeAsString();
    // One QMimeData per mode: the clipboard takes ownership of each.
    clipboard->setMimeData(sensitiveMimeData(text), QClipboard::Clipboard);
    if (clipboard->supportsSelection())
        clipboard->setMimeData(sensitiveMimeData(text), QClipboard::Selection);
    secureWipe(text);
    m_secret = secret;
    m_secondsLeft = clearAfterSeconds;
    m_timer->start();
    Q_EMIT countdown(m_secondsLeft);
}

void Clipboard::copyText(const QString& text)
{
    QGuiApplication::clipboard()->setText(text);
}

bool Clipboard::stillOurs() const
{
    if (m_secret.isEmpty())
        return false;
    const QClipboard* clipboard = QGuiApplication::clipboard();
    QString current = clipboard->text(QClipboard::Clipboard);
    QString ours = m_secret.exposeAsString();
    const bool same = current == ours;
    secureWipe(current);
    secureWipe(ours);
    return same;
}

void Clipboard::tick()
{
    if (!stillOurs()) {
        // The user copied something else; that is theirs now and not ours to clear.
        forget();
        return;
    }
    if (--m_secondsLeft <= 0) {
        clearIfOwned();
        return;
    }
    Q_EMIT countdown(m_secondsLeft);
}

void Clipboard::clearIfOwned()
{
    if (m_secret.isEmpty())
        return;
    if (stillOurs()) {
        QClipboard* clipboard = QGuiApplication::clipboard();
        clipboard->clear(QClipboard::Clipboard);
        if (clipboard->supportsSelection())
            clipboard->clear(QClipboard::Selection);
    }
    forget();
}

void Clipboard::forget()
{
    m_timer->stop();
    m_secret.wipe();
    m_secondsLeft = 0;
    Q_EMIT countdown(0);
}

} // namespace tokendesk::ui
