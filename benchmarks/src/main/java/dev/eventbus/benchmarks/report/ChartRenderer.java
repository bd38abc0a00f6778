package dev.eventbus.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import dev.eventbus.benchmarks.report.Catalogue.Role;
import dev.eventbus.benchmarks.report.Panel.Bar;
import org.jspecify.annotations.Nullable;

/**
 * Draws the panels as one PNG, with Java2D and no other dependency: per panel, one horizontal bar per contender on a
 * logarithmic time axis (so that 5 ns and 5 µs both read), our bus in blue, the peers in grey, floors and baselines
 * outlined; each bar labelled with its time and its allocation.
 */
final class ChartRenderer {

    private static final int WIDTH = 1600;

    private static final int MARGIN = 28;

    private static final int COLUMN_GAP = 40;

    private static final int COLUMN_WIDTH = (WIDTH - 2 * MARGIN - COLUMN_GAP) / 2;

    private static final int LABEL_WIDTH = 215;

    private static final int VALUE_WIDTH = 185;

    private static final int PLOT_WIDTH = COLUMN_WIDTH - LABEL_WIDTH - VALUE_WIDTH;

    private static final int HEADER_HEIGHT = 136;

    private static final int FOOTER_HEIGHT = 40;

    private static final int TITLE_HEIGHT = 28;

    private static final int ROW_HEIGHT = 25;

    private static final int BAR_HEIGHT = 17;

    private static final int AXIS_HEIGHT = 20;

    private static final int PANEL_GAP = 22;

    private static final Color INK = new Color(0x1F2937);

    private static final Color MUTED = new Color(0x6B7280);

    private static final Color GRID = new Color(0xE5E7EB);

    private static final Color OURS = new Color(0x2563EB);

    private static final Color PEER = new Color(0xA3A9B3);

    private static final Color FLOOR_FILL = new Color(0xF3F4F6);

    private static final Color NO_ALLOCATION = new Color(0x15803D);

    private static final Color ALLOCATION = new Color(0xB45309);

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 26);

    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 15);

    private static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private static final Font LABEL_OURS = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ChartRenderer() {
    }

    /**
     * Renders the chart.
     * @param panels the panels, in reading order
     * @param subtitle the machine, JVM and settings of the run
     * @param file where to write the PNG
     * @throws IOException when the file cannot be written
     */
    static void render(List<Panel> panels, String subtitle, Path file) throws IOException {
        int split = balancedSplit(panels);
        int height = HEADER_HEIGHT + Math.max(height(panels.subList(0, split)), height(panels.subList(split,
                panels.size()))) + FOOTER_HEIGHT;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            drawHeader(g, subtitle);
            drawColumn(g, panels.subList(0, split), MARGIN);
            drawColumn(g, panels.subList(split, panels.size()), MARGIN + COLUMN_WIDTH + COLUMN_GAP);
            g.setFont(SMALL);
            g.setColor(MUTED);
            g.drawString("Bars: mean time per operation of the measured iterations; whiskers: 99.9% confidence "
                    + "interval; B/op: bytes allocated per operation (JMH -prof gc). Same argument, same listener work "
                    + "and same executor for every contender.", MARGIN, height - FOOTER_HEIGHT / 2);
        }
        finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** Where to cut the panels into two columns so that the taller column is as short as possible. */
    private static int balancedSplit(List<Panel> panels) {
        int best = panels.size();
        int bestHeight = Integer.MAX_VALUE;
        for (int split = 0; split <= panels.size(); split++) {
            int tallest = Math.max(height(panels.subList(0, split)), height(panels.subList(split, panels.size())));
            if (tallest < bestHeight) {
                bestHeight = tallest;
                best = split;
            }
        }
        return best;
    }

    private static int height(List<Panel> column) {
        int height = 0;
        for (Panel panel : column) {
            height += height(panel);
        }
        return height;
    }

    private static int height(Panel panel) {
        return TITLE_HEIGHT + panel.bars().size() * ROW_HEIGHT + AXIS_HEIGHT + PANEL_GAP;
    }

    private static void drawHeader(Graphics2D g, String subtitle) {
        g.setColor(INK);
        g.setFont(TITLE);
        g.drawString("event-bus against its peers: time per operation, lower is better", MARGIN, MARGIN + 24);
        g.setFont(SUBTITLE);
        g.setColor(MUTED);
        g.drawString(subtitle, MARGIN, MARGIN + 50);
        int x = MARGIN;
        int y = MARGIN + 74;
        x = legend(g, x, y, OURS, null, "event bus (ours)");
        x = legend(g, x, y, PEER, null, "peers");
        x = legend(g, x, y, FLOOR_FILL, MUTED, "floor / baseline (no bus, or no emit)");
        g.setFont(SUBTITLE);
        g.setColor(NO_ALLOCATION);
        g.drawString("0 B/op", x, y + 12);
        x += g.getFontMetrics().stringWidth("0 B/op ");
        g.setColor(MUTED);
        g.drawString("allocates nothing,", x, y + 12);
        x += g.getFontMetrics().stringWidth("allocates nothing, ");
        g.setColor(ALLOCATION);
        g.drawString("96 B/op", x, y + 12);
        x += g.getFontMetrics().stringWidth("96 B/op ");
        g.setColor(MUTED);
        g.drawString("allocates. Each panel has its own logarithmic axis.", x, y + 12);
    }

    private static int legend(Graphics2D g, int x, int y, Color fill, @Nullable Color outline, String text) {
        g.setColor(fill);
        g.fillRect(x, y, 26, 14);
        if (outline != null) {
            g.setColor(outline);
            g.drawRect(x, y, 26, 14);
        }
        g.setFont(SUBTITLE);
        g.setColor(INK);
        g.drawString(text, x + 34, y + 12);
        return x + 34 + g.getFontMetrics().stringWidth(text) + 28;
    }

    private static void drawColumn(Graphics2D g, List<Panel> panels, int left) {
        int top = HEADER_HEIGHT;
        for (Panel panel : panels) {
            drawPanel(g, panel, left, top);
            top += height(panel);
        }
    }

    private static void drawPanel(Graphics2D g, Panel panel, int left, int top) {
        g.setFont(PANEL_TITLE);
        g.setColor(INK);
        g.drawString(panel.title(), left, top + 18);
        int titleWidth = g.getFontMetrics().stringWidth(panel.title());
        g.setFont(LABEL);
        g.setColor(MUTED);
        g.drawString("  " + panel.unit(), left + titleWidth, top + 18);
        LogAxis axis = LogAxis.covering(panel.bars());
        int plotLeft = left + LABEL_WIDTH;
        int barsTop = top + TITLE_HEIGHT;
        int barsBottom = barsTop + panel.bars().size() * ROW_HEIGHT;
        g.setFont(SMALL);
        for (int exponent = axis.lowExponent; exponent <= axis.highExponent; exponent++) {
            int x = plotLeft + axis.position(Math.pow(10, exponent), PLOT_WIDTH);
            g.setColor(GRID);
            g.drawLine(x, barsTop - 2, x, barsBottom);
            g.setColor(MUTED);
            String tick = tick(exponent) + ((exponent == axis.highExponent) ? " " + Figures.timeUnit(panel.unit())
                    : "");
            int tickWidth = g.getFontMetrics().stringWidth(tick);
            int tickX = (exponent == axis.lowExponent) ? x : (exponent == axis.highExponent) ? x - tickWidth
                    : x - tickWidth / 2;
            g.drawString(tick, tickX, barsBottom + 14);
        }
        int y = barsTop;
        for (Bar bar : panel.bars()) {
            drawBar(g, bar, axis, left, plotLeft, y, Figures.timeUnit(panel.unit()));
            y += ROW_HEIGHT;
        }
    }

    private static void drawBar(Graphics2D g, Bar bar, LogAxis axis, int left, int plotLeft, int top, String unit) {
        Role role = bar.contender().role();
        BenchmarkResult result = bar.result();
        int barTop = top + (ROW_HEIGHT - BAR_HEIGHT) / 2;
        int baseline = barTop + BAR_HEIGHT - 4;
        g.setFont((role == Role.OURS) ? LABEL_OURS : LABEL);
        g.setColor((role == Role.PEER) ? MUTED : INK);
        g.drawString(fit(g, bar.contender().label(), LABEL_WIDTH - 12), left, baseline);
        if (!(result.score() > 0)) {
            return;
        }
        int end = axis.position(result.score(), PLOT_WIDTH);
        g.setColor(switch (role) {
            case OURS -> OURS;
            case PEER -> PEER;
            case FLOOR -> FLOOR_FILL;
        });
        g.fillRect(plotLeft, barTop, Math.max(end, 2), BAR_HEIGHT);
        if (role == Role.FLOOR) {
            g.setColor(MUTED);
            g.drawRect(plotLeft, barTop, Math.max(end, 2), BAR_HEIGHT);
        }
        double error = result.error();
        if (error > 0 && !Double.isInfinite(error)) {
            int from = axis.position(Math.max(result.score() - error, axis.low()), PLOT_WIDTH);
            int to = axis.position(Math.min(result.score() + error, axis.high()), PLOT_WIDTH);
            int middle = barTop + BAR_HEIGHT / 2;
            g.setColor(INK);
            g.setStroke(new BasicStroke(1.2f));
            g.drawLine(plotLeft + from, middle, plotLeft + to, middle);
            g.drawLine(plotLeft + from, middle - 4, plotLeft + from, middle + 4);
            g.drawLine(plotLeft + to, middle - 4, plotLeft + to, middle + 4);
        }
        int x = plotLeft + PLOT_WIDTH + 10;
        g.setFont((role == Role.OURS) ? LABEL_OURS : LABEL);
        g.setColor(INK);
        String time = Figures.number(result.score()) + " " + unit;
        g.drawString(time, x, baseline);
        x += g.getFontMetrics().stringWidth(time + " ");
        g.setFont(LABEL);
        g.setColor(result.allocationFree() ? NO_ALLOCATION : ALLOCATION);
        g.drawString(Double.isNaN(result.bytesPerOp()) ? "" : Figures.shortBytes(result.bytesPerOp()) + "/op", x,
                baseline);
    }

    private static String fit(Graphics2D g, String text, int width) {
        FontMetrics metrics = g.getFontMetrics();
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String shortened = text;
        while (shortened.length() > 1 && metrics.stringWidth(shortened + "…") > width) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "…";
    }

    private static String tick(int exponent) {
        return switch (exponent) {
            case -3 -> "0.001";
            case -2 -> "0.01";
            case -1 -> "0.1";
            case 0 -> "1";
            case 1 -> "10";
            case 2 -> "100";
            case 3 -> "1k";
            case 4 -> "10k";
            case 5 -> "100k";
            case 6 -> "1M";
            default -> "1e" + exponent;
        };
    }

    /** A base-10 logarithmic axis from one power of ten to another that covers every bar and its whisker. */
    private static final class LogAxis {

        private final int lowExponent;

        private final int highExponent;

        private LogAxis(int lowExponent, int highExponent) {
            this.lowExponent = lowExponent;
            this.highExponent = highExponent;
        }

        static LogAxis covering(List<Bar> bars) {
            double min = Double.MAX_VALUE;
            double max = Double.MIN_VALUE;
            for (Bar bar : bars) {
                double score = bar.result().score();
                if (score > 0) {
                    min = Math.min(min, score);
                    max = Math.max(max, score);
                }
            }
            if (min == Double.MAX_VALUE) {
                return new LogAxis(0, 1);
            }
            // a bar needs some length to be seen: the axis starts at least a bit below the shortest bar
            int low = (int) Math.floor(Math.log10(min / 1.5));
            int high = (int) Math.ceil(Math.log10(max * 1.05));
            return new LogAxis(low, Math.max(high, low + 1));
        }

        double low() {
            return Math.pow(10, this.lowExponent);
        }

        double high() {
            return Math.pow(10, this.highExponent);
        }

        int position(double value, int width) {
            double clamped = Math.min(Math.max(value, low()), high());
            return (int) Math.round((Math.log10(clamped) - this.lowExponent) / (this.highExponent - this.lowExponent)
                    * width);
        }

    }

}
