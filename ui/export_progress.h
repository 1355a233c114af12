#pragma once
// A status-bar widget for an export that runs on the engine thread (the test period's
// forecasts): how far it is, and a Stop button. Hidden while nothing is exported. It shows
// what it is told; the main window says when an export begins, advances and ends.
#include <QWidget>

class QProgressBar;
class QToolButton;

class ExportProgress : public QWidget {
    Q_OBJECT
public:
    explicit ExportProgress(QWidget* parent = nullptr);
    /// Shown, busy until the first advance(), Stop enabled.
    void begin();
    /// `written` of `total` forecasts written; shown if it was not.
    void advance(qint64 written, qint64 total);
    /// Hidden: the export has ended, written, stopped or failed.
    void end();
    bool isRunning() const { return !isHidden(); }

Q_SIGNALS:
    /// The user asked the export to stop (the button then says "Stopping…" until end()).
    void stopRequested();

private:
    QProgressBar* m_bar;
    QToolButton* m_stop;
};
