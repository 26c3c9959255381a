"""Front-end views shared by every app: login with throttling, password change, health."""
from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.db import connection

from .audit.throttle import client_ip, login_failed, login_locked, login_succeeded


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
        "throttled": "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
    }

    def clean(self):
        from django.conf import settings

        username = (self.data.get("username") or "").strip()
        ip = client_ip(self.request) if self.request else ""
        if username and login_locked(username=username, ip=ip):
            raise forms.ValidationError(
                self.error_messages["throttled"], code="throttled",
                params={"minutes": max(1, settings.LOGIN_THROTTLE_WINDOW_S // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                login_failed(username=username, ip=ip)
            raise
        login_succeeded(username=username, ip=ip)
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "auth/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "auth/password_change.html"
    success_url = "/doi-mat-khau/xong/"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "auth/password_change_done.html"


def health(request):
    """Return 200 with the database reachable (for load balancers)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
