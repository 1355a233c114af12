#include "daily_profile_plot.h"
#include "plot_layout.h"
#include "studio_session.h"

#include "himnet/model_analysis.h"

#include <cmath>
#include <numeric>

DailyProfilePlot::DailyProfilePlot(StudioSession* session, QWidget* parent) : QCustomPlot(parent), m_session(session)
{
    setObjectName(QStringLiteral("dailyProfilePlot"));
    setMinimumHeight(175); // room for the y label, "mean speed (km/h)", beside three ticks
    xAxis->setLabel(tr("hour of day"));
    xAxis->setRange(0, 24);
    yAxis->ticker()->setTickCount(3);
    legend->setFont(QFont(font().family(), 8));
    placeLegendBesidePlot(this);
    connect(session, &StudioSession::datasetChanged, this, [this] {
        m_network.clear();
        if (m_session->hasDataset()) {
            std::vector<int64_t> all(static_cast<size_t>(m_session->data().numNodes));
            std::iota(all.begin(), all.end(), 0);
            m_network = profileOf(all);
        }
        redraw();
    });
    connect(session, &StudioSession::selectionChanged, this, &DailyProfilePlot::redraw);
    connect(session, &StudioSession::clustersChanged, this, &DailyProfilePlot::redraw);
    redraw();
}

std::vector<double> DailyProfilePlot::profileOf(const std::vector<int64_t>& sensors) const
{
    return himnet::meanDailyProfile(m_session->data(), sensors);
}

void DailyProfilePlot::addProfile(const std::vector<double>& profile, const QString& name, const QPen& pen)
{
    const double hoursPerSlot = 24.0 / static_cast<double>(m_session->data().stepsPerDay());
    QCPGraph* g = addGraph();
    g->setName(name);
    g->setPen(pen);
    QVector<double> x, y;
    for (size_t s = 0; s < profile.size(); ++s) {
        x << static_cast<double>(s) * hoursPerSlot;
        y << (std::isfinite(profile[s]) ? profile[s] : std::nan(""));
    }
    g->setData(x, y, true);
}

void DailyProfilePlot::redraw()
{
    clearGraphs();
    yAxis->setLabel(tr("mean %1").arg(m_session->valueLabel()));
    if (!m_session->hasDataset()) {
        replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    addProfile(m_network, tr("all sensors"), QPen(QColor(120, 120, 120), 1.5, Qt::DashLine));
    const QList<int> selected = m_session->selection();
    const QVector<int>& clusters = m_session->sensorClusters();
    if (!selected.isEmpty()) {
        addProfile(profileOf(std::vector<int64_t>(selected.begin(), selected.end())), tr("selected (%1 sensors)").arg(selected.size()),
                   QPen(Qt::black, 2.2));
    } else {
        for (int c = 0; c < m_session->clusterCount(); ++c) {
            std::vector<int64_t> members;
            for (int i = 0; i < clusters.size(); ++i)
                if (clusters[i] == c) members.push_back(i);
            addProfile(profileOf(members), tr("cluster %1").arg(c + 1), QPen(StudioSession::categoryColour(c), 1.6));
        }
    }
    rescaleAxes();
    xAxis->setRange(0, 24);
    replot(QCustomPlot::rpQueuedReplot);
}
