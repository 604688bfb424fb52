/**
 * A screen that throws while rendering shows what failed instead of blanking the window:
 * the screen's name, the error, 重置此视图 (the screen's own settings back to their
 * defaults, then a fresh render) and 复制错误信息 (a report to paste to whoever supports
 * the app). The rest of the app keeps working; leaving the screen and coming back retries.
 */
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';
import { copyText } from '../views/pivot/tsv.ts';
import { notify } from '../state/toast.ts';

interface Props {
  /** The screen's Chinese name, e.g. 透视. */
  screen: string;
  /** Puts the screen's own settings (its store) back to the defaults; the screen is then rendered anew. */
  onReset?: () => void;
  children: ReactNode;
}

interface State {
  error: Error | null;
  componentStack: string;
  /** Bumped by a reset, so the screen mounts afresh (its local state back to the defaults). */
  generation: number;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** The first line of the message, short enough for the screen. */
export function errorSummary(error: Error): string {
  const line = (error.message || error.name || '未知错误').split('\n')[0].trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** What 复制错误信息 copies. */
export function errorReport(screen: string, error: Error, componentStack = '', at = new Date()): string {
  return [
    `星图“${screen}”视图出错`,
    `时间：${at.toLocaleString('zh-CN')}`,
    `页面：${typeof location === 'undefined' ? '' : location.pathname}`,
    `错误：${error.name}: ${error.message}`,
    error.stack ? `调用栈：\n${error.stack}` : '',
    componentStack ? `组件：${componentStack}` : '',
  ].filter(Boolean).join('\n');
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, componentStack: '', generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: asError(error) };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? '' });
    console.error(`“${this.props.screen}”视图出错`, error);
  }

  private reset = (): void => {
    try {
      this.props.onReset?.();
    } catch (e) {
      notify(`重置“${this.props.screen}”时出错：${errorSummary(asError(e))}`, 'error');
    }
    this.setState((s) => ({ error: null, componentStack: '', generation: s.generation + 1 }));
  };

  private copy = (): void => {
    const { error, componentStack } = this.state;
    if (!error) return;
    const text = errorReport(this.props.screen, error, componentStack);
    if (copyText(text)) notify('已复制错误信息');
    else notify('无法访问剪贴板，请截图或手动记下错误信息', 'error');
  };

  render(): ReactNode {
    const { error, generation } = this.state;
    if (!error) return <Fragment key={generation}>{this.props.children}</Fragment>;
    const { screen } = this.props;
    return (
      <div className="state state-error view-error" role="alert" data-testid="view-error">
        <h3>“{screen}”页面出错，暂时无法显示</h3>
        <p>其他页面照常可用，已导入的数据没有改动。可以重置此视图的设置后再试；如果问题反复出现，请复制错误信息发给技术支持。</p>
        <p className="state-detail" data-testid="view-error-detail">错误信息：{errorSummary(error)}</p>
        <div className="view-error-actions" style={{ display: 'flex', gap: 8, justifyContent: 'center' }}>
          <button className="primary" onClick={this.reset}>重置此视图</button>
          <button onClick={this.copy}>复制错误信息</button>
        </div>
      </div>
    );
  }
}
