// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/Banner.h"

#include <QAccessible>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace tokendesk::ui {

namespace {
constexpr int kSuccessVisibleMs = 10'000;
}

Banner::Banner(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("banner"));
    setAccessibleName(tr("Message"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    m_icon = new QLabel(this);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("bannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_action = new QPushButton(this);
    m_action->setObjectName(QStringLiteral("bannerAction"));
    m_action->hide();
    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("bannerClose"));
    m_close->setAccessibleName(tr("Close message"));
    m_close->setToolTip(tr("Close message"));
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);

    m_autoHide = new QTimer(this);
    m_autoHide->setSingleShot(true);
    connect(m_autoHide, &QTimer::timeout, this, &Banner::dismiss);
    connect(m_close, &QToolButton::clicked, this, &Banner::dismiss);
    connect(m_action, &QPushButton::clicked, this, [this] {
        if (m_handler)
            m_handler();
    });
    hide();
}

void Banner::showMessage(Kind kind, const QString& text)
{
    m_kind = kind;
    m_text->setText(text);
    m_handler = {};
    m_action->hide();
    const QStyle::StandardPixmap pixmap = kind == Kind::Error  ? QStyle::SP_MessageBoxCritical
                                          : kind == Kind::Info ? QStyle::SP_MessageBoxInformation
                                                               : QStyle::SP_DialogApplyButton;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    applyColours();
    show();
    if (kind == Kind::Success)
        m_autoHide->start(kSuccessVisibleMs);
    else
        m_autoHide->stop();
    // Screen readers announce the change without moving focus away from the table.
    QAccessibleEvent announcement(m_text, QAccessible::NameChanged);
    QAccessible::updateAccessibility(&announcement);
}

void Banner::setAction(const QString& text, std::function<void()> handler)
{
    m_handler = std::move(handler);
    m_action->setText(text);
    m_action->setAccessibleName(text);
    m_action->setVisible(bool(m_handler));
}

void Banner::dismiss()
{
    m_autoHide->stop();
    hide();
}

QString Banner::text() const
{
    return m_text->text();
}

void Banner::changeEvent(QEvent* event)
{
    // The tint is mixed from the window colour once; mix it again when the theme changes (say,
    // the desktop switches to dark). Queued, so the parent has taken the new palette first.
    if (event->type() == QEvent::ApplicationPaletteChange)
        QMetaObject::invokeMethod(this, &Banner::applyColours, Qt::QueuedConnection);
    QFrame::changeEvent(event);
}

// Tinted from the palette's own colours so the strip reads well in light and dark themes.
void Banner::applyColours()
{
    const QColor tint = m_kind == Kind::Error     ? QColor(0xd9, 0x3f, 0x3f)
                        : m_kind == Kind::Success ? QColor(0x2e, 0x9d, 0x5b)
                                                  : QColor(0x3b, 0x7d, 0xd8);
    QPalette pal = parentWidget() ? parentWidget()->palette() : palette();
    const QColor base = pal.color(QPalette::Window);
    QColor mixed;
    mixed.setRgbF(base.redF() * 0.82f + tint.redF() * 0.18f, base.greenF() * 0.82f + tint.greenF() * 0.18f,
                  base.blueF() * 0.82f + tint.blueF() * 0.18f);
    pal.setColor(QPalette::Window, mixed);
    setPalette(pal);
}

} // namespace tokendesk::ui
