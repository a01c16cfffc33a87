// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Secret.h"

#include <QObject>

class QTimer;

namespace tokendesk::ui {

// Puts a secret on the clipboard the careful way: the QMimeData is marked sensitive so clipboard
// managers do not keep a history of it, it is cleared after a countdown the user can see, and on
// quit — but in both cases only if the clipboard still holds what we put there, so we never
// wipe something the user copied afterwards.
class Clipboard : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultClearSeconds = 30;

    static Clipboard* instance();
    explicit Clipboard(QObject* parent = nullptr);
    ~Clipboard() override;

    void copySecret(const Secret& secret, int clearAfterSeconds = kDefaultClearSeconds);
    // Plain, non-sensitive text (the masked form of a token).
    void copyText(const QString& text);

    int secondsLeft() const { return m_secondsLeft; }
    bool holdsSecret() const { return !m_secret.isEmpty(); }

public Q_SLOTS:
    void clearIfOwned();

Q_SIGNALS:
    // Every second while a secret is on the clipboard; 0 when it has been cleared or replaced.
    void countdown(int secondsLeft);

private:
    void tick();
    bool stillOurs() const;
    void forget();

    QTimer* m_timer;
    Secret m_secret;
    int m_secondsLeft = 0;
};

} // namespace tokendesk::ui
