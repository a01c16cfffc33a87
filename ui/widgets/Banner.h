// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;
class QToolButton;
class QTimer;

namespace tokendesk::ui {

// A non-blocking message strip above the table: results ("Token 'ci-deploy' revoked") and
// errors that need no decision. Success messages hide themselves after a while; errors stay
// until closed or replaced.
class Banner : public QFrame
{
    Q_OBJECT

public:
    enum class Kind
    {
        Success,
        Info,
        Error
    };

    explicit Banner(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text);
    // An optional button inside the banner (e.g. "Open Store…"); cleared by the next message.
    void setAction(const QString& text, std::function<void()> handler);
    void dismiss();

    Kind kind() const { return m_kind; }
    QString text() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyColours();

    Kind m_kind = Kind::Info;
    QLabel* m_icon;
    QLabel* m_text;
    QPushButton* m_action;
    QToolButton* m_close;
    QTimer* m_autoHide;
    std::function<void()> m_handler;
};

} // namespace tokendesk::ui
