// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QAction;
class QPushButton;

namespace tokendesk::ui {

// Shown instead of an empty table: says what a token is and offers to generate the first one.
class EmptyStatePanel : public QWidget
{
    Q_OBJECT

public:
    EmptyStatePanel(QAction* generate, QWidget* parent = nullptr);

private:
    void follow();

    QAction* m_generate;
    QPushButton* m_button;
};

} // namespace tokendesk::ui
