// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/TokenDetailsPanel.h"

#include "models/core/Formatting.h"
#include "models/core/RequestTracker.h"
#include "models/table/TokenTableModel.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tokendesk::ui {

namespace {
QString longTime(const QDateTime& at)
{
    return QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
}
} // namespace

TokenDetailsPanel::TokenDetailsPanel(QWidget* parent)
    : QWidget(parent), m_historyRequests(new RequestTracker(this))
{
    setObjectName(QStringLiteral("detailsPanel"));
    setAccessibleName(tr("Token details"));

    m_placeholder = new QLabel(tr("Select a token to see its details and history."), this);
    m_placeholder->setObjectName(QStringLiteral("detailsPlaceholder"));
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);

    m_fields = new QWidget(this);
    auto* form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_label = addField(QStringLiteral("detailLabel"));
    QFont bold = m_label->font();
    bold.setBold(true);
    m_label->setFont(bold);
    m_masked = addField(QStringLiteral("detailMasked"));
    m_role = addField(QStringLiteral("detailRole"));
    m_status = addField(QStringLiteral("detailStatus"));
    m_createdBy = addField(QStringLiteral("detailCreatedBy"));
    m_createdAt = addField(QStringLiteral("detailCreatedAt"));
    m_expiresAt = addField(QStringLiteral("detailExpires"));
    m_lastUsed = addField(QStringLiteral("detailLastUsed"));
    m_id = addField(QStringLiteral("detailId"));
    m_description = addField(QStringLiteral("detailDescription"));
    m_description->setWordWrap(true);
    m_tags = addField(QStringLiteral("detailTags"));
    m_tags->setWordWrap(true);
    form->addRow(tr("Label:"), m_label);
    form->addRow(tr("Token:"), m_masked);
    form->addRow(tr("Description:"), m_description);
    form->addRow(tr("Tags:"), m_tags);
    form->addRow(tr("Role:"), m_role);
    form->addRow(tr("Status:"), m_status);
    form->addRow(tr("Created by:"), m_createdBy);
    form->addRow(tr("Created:"), m_createdAt);
    form->addRow(tr("Expires:"), m_expiresAt);
    form->addRow(tr("Last used:"), m_lastUsed);
    form->addRow(tr("ID:"), m_id);

    auto* historyHeading = new QLabel(tr("History"), m_fields);
    historyHeading->setFont(bold);
    // A table rather than a tree: QTableView wraps text to the column width and sizes each row
    // to fit, so "What" stays readable in a narrow panel instead of running off behind a scroll
    // bar. When and Who are short and sized to fit; What takes the rest. The full text is also
    // each row's tooltip.
    m_history = new QTableWidget(0, 3, m_fields);
    m_history->setObjectName(QStringLiteral("historyList"));
    m_history->setAccessibleName(tr("Token history"));
    m_history->setHorizontalHeaderLabels({tr("When"), tr("Who"), tr("What")});
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setSelectionMode(QAbstractItemView::SingleSelection);
    m_history->setTabKeyNavigation(false);
    m_history->setShowGrid(false);
    m_history->setWordWrap(true);
    m_history->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_history->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_history->verticalHeader()->hide();
    m_history->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QHeaderView* header = m_history->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(2, QHeaderView::Stretch);
    auto* fieldsLayout = new QVBoxLayout;
    fieldsLayout->addWidget(historyHeading);
    fieldsLayout->addWidget(m_history, 1);
    form->addRow(fieldsLayout);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_placeholder, 1);
    layout->addWidget(m_fields, 1);
    m_fields->hide();
    // Room for the form and a readable history, in characters so it grows with the font.
    setMinimumWidth(fontMetrics().averageCharWidth() * 40);
}

// Asks the splitter for room for a history line ("when, who, what") without wrapping every
// entry; in characters, so it follows the font.
QSize TokenDetailsPanel::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 56, QWidget::sizeHint().height()};
}

QLabel* TokenDetailsPanel::addField(const QString& objectName)
{
    auto* label = new QLabel(m_fields);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

void TokenDetailsPanel::setBackend(std::shared_ptr<Backend> backend)
{
    m_backend = std::move(backend);
    m_token.reset();
    showToken(std::nullopt);
}

void TokenDetailsPanel::showSelectedCount(qsizetype count)
{
    showToken(std::nullopt);
    m_placeholder->setText(tr("%n token(s) are selected. The Selection menu, or the menu of any selected "
                              "row, changes them all.",
                              "", int(count)));
}

void TokenDetailsPanel::showToken(const std::optional<Token>& token)
{
    m_placeholder->setText(tr("Select a token to see its details and history."));
    const bool sameToken = token && m_token && token->id == m_token->id;
    const bool changed = !sameToken || token->version != m_token->version;
    m_token = token;
    m_placeholder->setVisible(!token);
    m_fields->setVisible(bool(token));
    if (!token) {
        m_historyRequests->reset(); // nobody waits for the history of a token no longer shown
        m_history->setRowCount(0);
        return;
    }
    m_label->setText(token->label);
    m_masked->setText(token->masked);
    m_role->setText(Formatting::roleText(token->role));
    m_status->setText(Formatting::statusText(token->status));
    m_createdBy->setText(token->createdBy);
    m_createdAt->setText(longTime(token->createdAt));
    m_expiresAt->setText(token->expiresAt.isValid() ? longTime(token->expiresAt) : tr("Never"));
    m_lastUsed->setText(
        token->lastUsedAt.isValid()
            ? tr("%1 (%2)").arg(Formatting::relativeTime(token->lastUsedAt, QDateTime::currentDateTimeUtc()),
                                longTime(token->lastUsedAt))
            : tr("Never"));
    m_id->setText(QString::number(token->id));
    m_description->setText(token->description.isEmpty() ? tr("None") : token->description);
    m_tags->setText(token->tags.isEmpty() ? tr("None") : token->tags.join(QStringLiteral(", ")));
    if (changed)
        loadHistory();
}

bool TokenDetailsPanel::isBusy() const
{
    return m_historyRequests->isBusy();
}

void TokenDetailsPanel::loadHistory()
{
    if (!m_backend || !m_token)
        return;
    AuditQuery query;
    query.tokenId = m_token->id;
    // The selection moved on: the history asked for before is neither shown nor waited for.
    whenCurrent(m_backend->audit(query), this, m_historyRequests->startInstead(),
                [this](const Result<QList<AuditEntry>>& entries) {
                    m_history->setRowCount(0);
                    if (!entries.ok()) {
                        addHistoryRow(QString(), QString(), entries.error().message);
                        return;
                    }
                    // Newest first: the question is usually "what happened last?".
                    const QList<AuditEntry>& list = entries.value();
                    for (qsizetype row = list.size() - 1; row >= 0; --row) {
                        const AuditEntry& entry = list.at(row);
                        const QString what =
                            entry.detail.isEmpty()
                                ? describeAction(entry.action)
                                : tr("%1: %2").arg(describeAction(entry.action), entry.detail);
                        addHistoryRow(longTime(entry.at), entry.actor, what);
                    }
                });
}

void TokenDetailsPanel::addHistoryRow(const QString& when, const QString& who, const QString& what)
{
    const int row = m_history->rowCount();
    m_history->insertRow(row);
    const QStringList texts{when, who, what};
    for (int column = 0; column < texts.size(); ++column) {
        auto* item = new QTableWidgetItem(texts[column]);
        item->setToolTip(what);
        item->setTextAlignment(Qt::AlignLeft | Qt::AlignTop);
        m_history->setItem(row, column, item);
    }
}

QString TokenDetailsPanel::describeAction(const QString& action)
{
    if (action == QLatin1String("token.generate"))
        return tr("Generated");
    if (action == QLatin1String("token.rename"))
        return tr("Renamed");
    if (action == QLatin1String("token.disable"))
        return tr("Disabled");
    if (action == QLatin1String("token.enable"))
        return tr("Enabled");
    if (action == QLatin1String("token.rotate"))
        return tr("Rotated");
    if (action == QLatin1String("token.revoke"))
        return tr("Revoked");
    if (action == QLatin1String("token.supersede"))
        return tr("Replaced by rotation");
    return action;
}

} // namespace tokendesk::ui
