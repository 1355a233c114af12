#include "map_tool_bar.h"
#include "number_format.h"

#include "sensor_map_view.h"
#include "studio_session.h"

#include <QComboBox>
#include <QLabel>

MapToolBar::MapToolBar(StudioSession* session, SensorMapView* map, QWidget* parent)
    : QToolBar(tr("Map"), parent), m_session(session), m_colourBox(new QComboBox(this)), m_graphBox(new QComboBox(this))
{
    setObjectName(QStringLiteral("mapToolBar"));
    addWidget(new QLabel(tr(" Colour by "), this));
    m_colourBox->setObjectName(QStringLiteral("colourBox"));
    m_colourBox->addItem(tr("observed value"), QVariant::fromValue(StudioSession::ColourMode::Observed));
    m_colourBox->addItem(tr("forecast"), QVariant::fromValue(StudioSession::ColourMode::Forecast));
    m_colourBox->addItem(tr("forecast error"), QVariant::fromValue(StudioSession::ColourMode::Error));
    m_colourBox->addItem(tr("test error per sensor"), QVariant::fromValue(StudioSession::ColourMode::SensorError));
    m_colourBox->addItem(tr("gain over naive forecasts"), QVariant::fromValue(StudioSession::ColourMode::SensorGain));
    m_colourBox->addItem(bandHeldText(), QVariant::fromValue(StudioSession::ColourMode::SensorIntervalHeld));
    m_colourBox->addItem(tr("zone"), QVariant::fromValue(StudioSession::ColourMode::Zone));
    m_colourBox->addItem(tr("embedding cluster"), QVariant::fromValue(StudioSession::ColourMode::Cluster));
    addWidget(m_colourBox);
    connect(m_colourBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        m_session->setColourMode(m_colourBox->itemData(index).value<StudioSession::ColourMode>());
    });
    const auto nameTheBand = [this] {
        m_colourBox->setItemText(m_colourBox->findData(QVariant::fromValue(StudioSession::ColourMode::SensorIntervalHeld)), bandHeldText());
    };
    connect(m_session, &StudioSession::metricsChanged, this, nameTheBand);
    connect(m_session, &StudioSession::intervalLevelChanged, this, nameTheBand);
    connect(m_session, &StudioSession::datasetChanged, this, [this] {
        const int observed = m_colourBox->findData(QVariant::fromValue(StudioSession::ColourMode::Observed));
        m_colourBox->setItemText(observed, tr("observed %1").arg(m_session->quantityName()));
    });
    connect(m_session, &StudioSession::colourModeChanged, this, [this] {
        const int index = m_colourBox->findData(QVariant::fromValue(m_session->colourMode()));
        if (index >= 0 && index != m_colourBox->currentIndex()) m_colourBox->setCurrentIndex(index);
    });
    addWidget(new QLabel(tr("  Graph "), this));
    m_graphBox->setObjectName(QStringLiteral("graphBox"));
    m_graphBox->addItem(tr("road graph"), QVariant::fromValue(StudioSession::GraphMode::Road));
    m_graphBox->addItem(tr("learned adaptive graph"), QVariant::fromValue(StudioSession::GraphMode::Learned));
    m_graphBox->addItem(tr("none"), QVariant::fromValue(StudioSession::GraphMode::Hidden));
    addWidget(m_graphBox);
    connect(m_graphBox, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        m_session->setGraphMode(m_graphBox->itemData(index).value<StudioSession::GraphMode>());
    });
    addSeparator();
    addAction(tr("Fit map"), map, &SensorMapView::fitAll);
    addAction(tr("Train"), this, &MapToolBar::trainRequested);
}

QString MapToolBar::bandHeldText() const { return tr("where the %1 % band held").arg(levelText(m_session->measuredIntervalLevel())); }
