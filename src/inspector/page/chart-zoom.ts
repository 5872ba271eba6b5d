// Zoom and pan of the statechart: buttons, the mouse wheel and dragging, by a CSS transform
// on the SVG (the chart container clips it).
import { byId } from './dom.js';

const MIN = 1;
const MAX = 6;

export class ChartZoom {
  private scale = 1;
  private x = 0;
  private y = 0;
  private drag: { x: number; y: number; moved: boolean } | null = null;

  constructor(private readonly container: HTMLElement) {
    byId('chart-zoom-in').addEventListener('click', () => this.zoomAt(1.4));
    byId('chart-zoom-out').addEventListener('click', () => this.zoomAt(1 / 1.4));
    byId('chart-zoom-reset').addEventListener('click', () => this.reset());
    container.addEventListener('wheel', (e) => {
      if (!e.ctrlKey && !e.metaKey && this.scale === 1 && e.deltaY > 0) return;
      e.preventDefault();
      const box = container.getBoundingClientRect();
      this.zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - box.left, e.clientY - box.top);
    }, { passive: false });
    container.addEventListener('pointerdown', (e) => {
      if (this.scale === 1) return;
      this.drag = { x: e.clientX, y: e.clientY, moved: false };
    });
    window.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      this.x += e.clientX - this.drag.x;
      this.y += e.clientY - this.drag.y;
      this.drag = { x: e.clientX, y: e.clientY, moved: true };
      this.apply();
    });
    window.addEventListener('pointerup', () => (this.drag = null));
  }

  /** True while a drag moved the chart: the click that ends it must not pick a state. */
  get dragging(): boolean {
    return this.drag?.moved === true;
  }

  get level(): number {
    return this.scale;
  }

  private zoomAt(factor: number, cx = this.container.clientWidth / 2, cy = this.container.clientHeight / 2): void {
    const next = Math.min(MAX, Math.max(MIN, this.scale * factor));
    // Keep the point under the cursor where it is.
    this.x = cx - ((cx - this.x) * next) / this.scale;
    this.y = cy - ((cy - this.y) * next) / this.scale;
    this.scale = next;
    if (next === MIN) this.x = this.y = 0;
    this.apply();
  }

  private reset(): void {
    this.scale = 1;
    this.x = this.y = 0;
    this.apply();
  }

  private apply(): void {
    const svg = this.container.querySelector('svg');
    if (svg) svg.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
    this.container.classList.toggle('zoomed', this.scale > 1);
  }
}
