"""The user's notifications (thông báo): a list, opening one (marks it read), marking all read."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .models import Notification
from .services_notifications import notification_mark_read

PER_PAGE = 50


@login_required
def notification_list(request):
    """List the user's notifications, newest first; POST marks them all read."""
    if request.method == "POST":
        count = notification_mark_read(user=request.user)
        messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
        return redirect("rounds:notifications")
    page = Paginator(Notification.objects.filter(user=request.user), PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "rounds/notifications/list.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    """Mark one notification read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("rounds:notifications")
