#include "export_progress.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QToolButton>

ExportProgress::ExportProgress(QWidget* parent) : QWidget(parent), m_bar(new QProgressBar(this)), m_stop(new QToolButton(this))
{
    setObjectName(QStringLiteral("exportProgress"));
    m_bar->setObjectName(QStringLiteral("exportProgressBar"));
    m_bar->setFixedWidth(180);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred); // the bar and its Stop side by side
    m_bar->setFormat(tr("%v of %m"));
    m_bar->setToolTip(tr("Forecasts of the test period written"));
    m_stop->setObjectName(QStringLiteral("stopExportButton"));
    m_stop->setToolTip(tr("Stop the export: the file is written only when whole, so nothing is written"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(m_stop);
    connect(m_stop, &QToolButton::clicked, this, [this] {
        m_stop->setEnabled(false);
        m_stop->setText(tr("Stopping…"));
        Q_EMIT stopRequested();
    });
    hide();
}

void ExportProgress::begin()
{
    m_bar->setRange(0, 0); // busy until the engine says how many
    m_stop->setText(tr("Stop"));
    m_stop->setEnabled(true);
    show();
}

void ExportProgress::advance(qint64 written, qint64 total)
{
    if (!isRunning()) begin();
    m_bar->setRange(0, static_cast<int>(total));
    m_bar->setValue(static_cast<int>(written));
}

void ExportProgress::end()
{
    hide();
}
