#pragma once
// The application window: menus, docks and status bar. It wires views to the
// EngineController; the views themselves live in their own classes.
#include <QMainWindow>

class EngineController;
class ModelSummaryView;
class QLabel;
class QStackedWidget;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Asks the engine to read `path`; the summary view fills in when it answers, an error
    /// dialog (or the status bar when `quiet`) reports a failure.
    void openModelFile(const QString& path);

    EngineController* engine() const { return m_engine; }
    ModelSummaryView* modelSummaryView() const { return m_modelSummary; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void chooseModelFile();
    void showAbout();
    void showError(const QString& message);

    EngineController* m_engine = nullptr;
    QStackedWidget* m_centre = nullptr;
    ModelSummaryView* m_modelSummary = nullptr;
    QLabel* m_statusRuntime = nullptr;
};
