// SPDX-License-Identifier: GPL-3.0-or-later
#include "ErrorLabel.h"

namespace tokendesk::ui {

ErrorLabel::ErrorLabel(QWidget* buddy, QWidget* parent) : QLabel(parent), m_buddyField(buddy)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    QPalette pal = palette();
    // Red that keeps enough contrast on light and dark windows.
    pal.setColor(QPalette::WindowText, QColor(0xd0, 0x3a, 0x3a));
    setPalette(pal);
    setAccessibleName(tr("Error"));
    hide();
}

void ErrorLabel::setError(const QString& message)
{
    setText(message);
    setVisible(!message.isEmpty());
    if (m_buddyField)
        m_buddyField->setAccessibleDescription(message);
}

} // namespace tokendesk::ui
