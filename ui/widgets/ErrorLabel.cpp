// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/ErrorLabel.h"

#include <QDialog>
#include <QLayout>

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
    if (!message.isEmpty())
        makeRoom();
}

// A dialog keeps its height when a wrapped message appears in it; without this, a long error
// (two or three lines at the dialog's width) would be cut off at the bottom.
void ErrorLabel::makeRoom()
{
    auto* dialog = qobject_cast<QDialog*>(window());
    if (!dialog || !dialog->layout())
        return;
    QLayout* layout = dialog->layout();
    layout->activate();
    const int needed = layout->hasHeightForWidth() ? layout->totalHeightForWidth(dialog->width())
                                                   : layout->totalSizeHint().height();
    if (dialog->height() < needed)
        dialog->resize(dialog->width(), needed);
}

} // namespace tokendesk::ui
