/**
 * Spacetime diagrams of SEAD runs (time down, cells across), pictures of runs on grids (when each
 * cell last changed, beside what it ends as), as RGBA rasters, PNG and SVG, and the small line
 * charts of the reports. Everything here is plain computation: no DOM, no Node APIs,
 * so the same code draws in a browser (a raster's `data` is what `ImageData` takes) and in Node.
 *
 * @packageDocumentation
 */
export { traceRun, type Trace, type TraceOptions, type TraceTask } from './trace.js';
export { traceGrid, type GridTrace, type GridTraceOptions } from './grid-trace.js';
export type { WatchOptions } from './watch.js';
export { SettleMapBuilder, type SettleMap, type SettleMapLimits } from './settle-map.js';
export { gridLayout, GRID_MAX_BLOCK_SIZE, type GridPictureOptions } from './grid-layout.js';
export { renderGridSvg, type GridSvgOptions } from './grid-svg.js';
export { GridBuilder, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_ROWS, type GridLimits, type SpacetimeGrid } from './grid.js';
export { layout, COLOURINGS, PANEL_GAP, RARE_SHARE, type Colouring, type Layout, type Panel, type PictureOptions } from './layout.js';
export { renderRaster, renderGridRaster, rasterOf, type Raster } from './raster.js';
export { encodePng, decodePng } from './png.js';
export { renderSvg, MAX_SVG_RECTS, type SvgOptions } from './svg.js';
export { lineChart, type ChartOptions, type ChartSeries, type Scale } from './chart.js';
export { symbolColour, channelColour, stepColour, WRONG_COLOUR, GAP_COLOUR, hex, type Rgb } from './colours.js';
